package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A process the engine started in a container, as {@code xc show} lists it. Labels are {@code init.0},
 * {@code init.1}, ..., {@code main}, {@code deinit.0}, ..., and a generated id for {@code xc exec} processes.
 *
 * @param label the process label
 * @param pid its process id on the host
 * @param argv the command line
 * @param started when it started
 * @param exited when it exited
 * @param exitCode its exit status (128 + signal number when killed by a signal)
 */
public record ProcessInfo(String label, long pid, List<String> argv, Optional<Instant> started,
                          Optional<Instant> exited, Optional<Integer> exitCode) {
    public ProcessInfo {
        Objects.requireNonNull(label, "label");
        argv = List.copyOf(argv);
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(exited, "exited");
        Objects.requireNonNull(exitCode, "exitCode");
        if (label.isBlank() || pid < 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid process '" + label + "' pid " + pid
                    + ": the label must not be blank and the pid not negative", "report this as a bug");
        }
        if (exitCode.isPresent() && exited.isEmpty()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid process '" + label
                    + "': an exit code without an exit time", "report this as a bug");
        }
    }

    /** Whether the process is still running. */
    public boolean isRunning() {
        return started.isPresent() && exited.isEmpty();
    }
}
