package dev.xc.host.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/** The native side of {@link dev.xc.host.Terminal}: termios kept as opaque bytes. Thread-safe. */
public final class TerminalCalls {

    private TerminalCalls() {
    }

    /** Terminal settings saved before raw mode. */
    public static final class Saved {
        private final int fd;
        private final byte[] termios;

        Saved(int fd, byte[] termios) {
            this.fd = fd;
            this.termios = termios;
        }

        /** Puts the saved settings back, after the output was written ({@code TCSAFLUSH}). Never throws. */
        public void restore() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment t = arena.allocate(PtyNative.OPAQUE, 16);
                MemorySegment.copy(termios, 0, t, ValueLayout.JAVA_BYTE, 0, termios.length);
                PtyNative.get().tcsetattr.call(fd, PtyNative.TCSAFLUSH, t);
            } catch (RuntimeException e) {
                // the terminal has gone; nothing left to restore
            }
        }
    }

    public static boolean isatty(int fd) {
        try {
            return PtyNative.get().isatty.call(fd).value() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {columns, rows} of the terminal on {@code fd}. */
    public static Optional<int[]> size(int fd) {
        try {
            return PtyNative.get().windowSize(fd);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Saves the settings of {@code fd} and switches it to raw mode. */
    public static Saved makeRaw(int fd) {
        PtyNative n = PtyNative.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(PtyNative.OPAQUE, 16);
            n.tcgetattr.call(fd, t).orThrow("reading the settings of terminal fd " + fd);
            Saved saved = new Saved(fd, t.toArray(ValueLayout.JAVA_BYTE));
            n.cfmakeraw.call(t);
            n.tcsetattr.call(fd, PtyNative.TCSANOW, t).orThrow("switching terminal fd " + fd + " to raw mode");
            return saved;
        }
    }
}
