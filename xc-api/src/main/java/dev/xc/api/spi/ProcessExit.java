package dev.xc.api.spi;

import java.util.Optional;

/**
 * How a supervised process ended.
 *
 * @param exitCode its exit status, or {@code 128 + signal} when a signal killed it (the shell's convention)
 * @param signal the number of the signal that killed it, 0 when it exited by itself
 */
public record ProcessExit(int exitCode, int signal) {

    public ProcessExit {
        if (exitCode < 0 || exitCode > 255 + 128) {
            throw new IllegalArgumentException("exit code out of range: " + exitCode);
        }
        if (signal < 0 || signal > 127) {
            throw new IllegalArgumentException("signal out of range: " + signal);
        }
    }

    /** A normal exit with {@code code}. */
    public static ProcessExit exited(int code) {
        return new ProcessExit(code, 0);
    }

    /** Killed by signal number {@code signal}. */
    public static ProcessExit killed(int signal) {
        return new ProcessExit(128 + signal, signal);
    }

    /** The signal that killed it, if one did. */
    public Optional<Integer> killedBy() {
        return signal == 0 ? Optional.empty() : Optional.of(signal);
    }

    @Override
    public String toString() {
        return signal == 0 ? "exited " + exitCode : "killed by signal " + signal + " (" + exitCode + ")";
    }
}
