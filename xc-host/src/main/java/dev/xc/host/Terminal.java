package dev.xc.host;

import dev.xc.host.internal.TerminalCalls;

import java.util.Optional;

/**
 * The terminal the user sits at, for clients that attach to a console: whether a descriptor is a terminal, its size,
 * and raw mode. Raw mode ({@code cfmakeraw(3)}: no echo, no line editing, no signals from Ctrl-C, no newline
 * translation) hands every keystroke to the container's terminal, which does all of that itself; {@link #close()}
 * puts the saved settings back (also from a shutdown hook, should the JVM exit while raw).
 *
 * {@snippet :
 * if (Terminal.isTerminal(0)) {
 *     try (Terminal raw = Terminal.raw(0)) {
 *         // copy keystrokes to the console until the detach sequence
 *     }
 * }
 * }
 *
 * <p>Uses {@code isatty}, {@code tcgetattr}, {@code tcsetattr}, {@code cfmakeraw} and {@code ioctl(TIOCGWINSZ)}
 * from the C library; {@code struct termios} is kept as opaque bytes, so its different layouts on Linux and FreeBSD
 * do not matter. Thread-safe.
 */
public final class Terminal implements AutoCloseable {

    /**
     * A terminal size.
     *
     * @param columns cells per line
     * @param rows lines
     */
    public record Size(int columns, int rows) {
        public Size {
            if (columns < 0 || rows < 0) {
                throw new IllegalArgumentException("a terminal size cannot be negative: " + columns + "x" + rows);
            }
        }

        @Override
        public String toString() {
            return columns + "x" + rows;
        }
    }

    private final TerminalCalls.Saved saved;
    private final Thread hook;
    private boolean closed;

    private Terminal(TerminalCalls.Saved saved) {
        this.saved = saved;
        this.hook = new Thread(saved::restore, "xc-terminal-restore");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether {@code fd} (0 for standard input) is a terminal; false when the C library cannot be reached. */
    public static boolean isTerminal(int fd) {
        return TerminalCalls.isatty(fd);
    }

    /** The size of the terminal on {@code fd}, or empty when it is not a terminal. */
    public static Optional<Size> size(int fd) {
        return TerminalCalls.size(fd).map(s -> new Size(s[0], s[1]));
    }

    /**
     * Puts the terminal on {@code fd} into raw mode until {@link #close()}.
     *
     * @throws dev.xc.api.XcException {@code SYSCALL_FAILED} when {@code fd} is not a terminal or its settings cannot
     *         be read or changed
     */
    public static Terminal raw(int fd) {
        return new Terminal(TerminalCalls.makeRaw(fd));
    }

    /** Restores the settings saved by {@link #raw(int)}. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        saved.restore();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook restores (again, harmlessly)
        }
    }
}
