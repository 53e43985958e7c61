package dev.xc.api.spi;

/**
 * The signals xc sends to supervised processes, with their numbers on FreeBSD and on Linux (where the simulated host
 * runs). Numbers 1 to 15 agree on both; {@code SIGUSR1}/{@code SIGUSR2} differ.
 */
public enum Signal {
    HUP(1, 1), INT(2, 2), QUIT(3, 3), KILL(9, 9), TERM(15, 15), USR1(30, 10), USR2(31, 12);

    private final int freeBsd;
    private final int linux;

    Signal(int freeBsd, int linux) {
        this.freeBsd = freeBsd;
        this.linux = linux;
    }

    /** The number in FreeBSD's {@code <sys/signal.h>}. */
    public int freeBsdNumber() {
        return freeBsd;
    }

    /** The number on Linux (amd64, arm64). */
    public int linuxNumber() {
        return linux;
    }

    /** The number on the system named {@code osName} ({@code os.name}: {@code FreeBSD}, {@code Linux}). */
    public int number(String osName) {
        return osName.equals("FreeBSD") ? freeBsd : linux;
    }

    /** The C name, {@code SIGTERM}. */
    public String cName() {
        return "SIG" + name();
    }
}
