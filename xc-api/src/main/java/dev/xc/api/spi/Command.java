package dev.xc.api.spi;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A program to run on the host: an argv (never a shell string), optional stdin bytes, extra environment, working
 * directory and timeout. Immutable; the {@code with...} methods return copies.
 *
 * @param argv program and arguments; {@code argv[0]} is an absolute path or a name looked up on {@code PATH}
 * @param stdin bytes written to the program's standard input, then closed (empty: stdin is closed at once)
 * @param environment variables added to (or replacing) the inherited environment
 * @param workingDirectory where the program starts; empty means the caller's
 * @param timeout how long to wait before the program is killed and a {@code TIMEOUT} error raised
 */
public record Command(List<String> argv, byte[] stdin, Map<String, String> environment,
                      Optional<Path> workingDirectory, Duration timeout) {

    /** The timeout used unless one is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.getFirst().isEmpty()) {
            throw new IllegalArgumentException("a command needs a program name");
        }
        stdin = stdin.clone();
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** {@code program args...} with no stdin, no extra environment and the default timeout. */
    public static Command of(String... argv) {
        return new Command(List.of(argv), new byte[0], Map.of(), Optional.empty(), DEFAULT_TIMEOUT);
    }

    public static Command of(List<String> argv) {
        return new Command(argv, new byte[0], Map.of(), Optional.empty(), DEFAULT_TIMEOUT);
    }

    public Command withStdin(byte[] bytes) {
        return new Command(argv, bytes, environment, workingDirectory, timeout);
    }

    public Command withStdin(String text) {
        return withStdin(text.getBytes(StandardCharsets.UTF_8));
    }

    public Command withEnvironment(Map<String, String> env) {
        return new Command(argv, stdin, env, workingDirectory, timeout);
    }

    public Command withWorkingDirectory(Path dir) {
        return new Command(argv, stdin, environment, Optional.of(dir), timeout);
    }

    public Command withTimeout(Duration t) {
        return new Command(argv, stdin, environment, workingDirectory, t);
    }

    /** The program name, {@code argv[0]}. */
    public String program() {
        return argv.getFirst();
    }

    @Override
    public byte[] stdin() {
        return stdin.clone();
    }

    /** The argv joined for messages, each word quoted when it holds a space or quote. */
    public String display() {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            boolean plain = !a.isEmpty() && a.chars().allMatch(c -> c > ' ' && c != '\'' && c != '"' && c != '\\');
            sb.append(plain ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Command c && argv.equals(c.argv) && Arrays.equals(stdin, c.stdin)
                && environment.equals(c.environment) && workingDirectory.equals(c.workingDirectory)
                && timeout.equals(c.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, Arrays.hashCode(stdin), environment, workingDirectory, timeout);
    }

    @Override
    public String toString() {
        return "Command[" + display() + (stdin.length > 0 ? ", stdin " + stdin.length + " bytes" : "") + "]";
    }
}
