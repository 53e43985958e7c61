package dev.xc.api.spi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a finished {@link Command} produced.
 *
 * @param command the command that ran
 * @param exitCode its exit status (128+signal when killed by a signal)
 * @param stdout everything it wrote to standard output
 * @param stderr everything it wrote to standard error
 * @param elapsed wall time from start to exit
 */
public record CommandResult(Command command, int exitCode, byte[] stdout, byte[] stderr, Duration elapsed) {

    public CommandResult {
        Objects.requireNonNull(command, "command");
        stdout = stdout.clone();
        stderr = stderr.clone();
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public boolean ok() {
        return exitCode == 0;
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** Standard output split into lines, without the trailing empty line. */
    public List<String> stdoutLines() {
        String s = stdoutText();
        return s.isEmpty() ? List.of() : List.of(s.split("\r?\n"));
    }

    /**
     * This result when the exit status is 0; otherwise an {@link ErrorCode#COMMAND_FAILED} error naming the command,
     * its status and its stderr.
     */
    public CommandResult orThrow() {
        if (ok()) {
            return this;
        }
        String err = stderrText().strip();
        throw XcException.of(ErrorCode.COMMAND_FAILED,
                "'" + command.display() + "' exited with status " + exitCode
                        + (err.isEmpty() ? "" : ": " + err),
                "see the command's message above; it ran on the host exactly as shown");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandResult r && command.equals(r.command) && exitCode == r.exitCode
                && Arrays.equals(stdout, r.stdout) && Arrays.equals(stderr, r.stderr) && elapsed.equals(r.elapsed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, exitCode, Arrays.hashCode(stdout), Arrays.hashCode(stderr), elapsed);
    }

    @Override
    public String toString() {
        return "CommandResult[" + command.display() + " -> " + exitCode + ", " + stdout.length + "+" + stderr.length
                + " bytes, " + elapsed.toMillis() + " ms]";
    }
}
