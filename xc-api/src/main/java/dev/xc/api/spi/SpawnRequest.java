package dev.xc.api.spi;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A long-running program to start and supervise ({@link CommandRunner#spawn}): argv, the complete environment,
 * working directory and where its standard streams go.
 *
 * <ul>
 *   <li>{@code stdin}: a file to read, or empty for {@code /dev/null};</li>
 *   <li>{@code stdout}, {@code stderr}: files that output is appended to (created when missing), or empty to
 *       discard it;</li>
 *   <li>{@code console}: the program gets a pseudo-terminal as stdin, stdout, stderr and controlling terminal; the
 *       transcript is appended to {@code stdout} when given, {@code stdin} and {@code stderr} must then be empty.</li>
 * </ul>
 *
 * @param argv program and arguments
 * @param environment the complete environment: nothing is inherited from the JVM
 * @param workingDirectory where it starts on the host; empty for the JVM's
 * @param stdin file read as standard input; empty for /dev/null
 * @param stdout file standard output is appended to; empty to discard
 * @param stderr file standard error is appended to; empty to discard
 * @param console whether to run it on a pseudo-terminal ({@link SupervisedProcess#console()})
 */
public record SpawnRequest(List<String> argv, Map<String, String> environment, Optional<Path> workingDirectory,
                           Optional<Path> stdin, Optional<Path> stdout, Optional<Path> stderr, boolean console) {

    public SpawnRequest {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.getFirst().isEmpty()) {
            throw new IllegalArgumentException("a spawn request needs a program name");
        }
        environment = Collections.unmodifiableMap(new TreeMap<>(environment));
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        if (console && (stdin.isPresent() || stderr.isPresent())) {
            throw new IllegalArgumentException("a console process reads and writes its terminal: give no stdin or "
                    + "stderr file (the transcript goes to stdout)");
        }
    }

    /** {@code argv} with an empty environment, no input and output discarded. */
    public static SpawnRequest of(List<String> argv) {
        return new SpawnRequest(argv, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    public SpawnRequest withArgv(List<String> newArgv) {
        return new SpawnRequest(newArgv, environment, workingDirectory, stdin, stdout, stderr, console);
    }

    public SpawnRequest withEnvironment(Map<String, String> env) {
        return new SpawnRequest(argv, env, workingDirectory, stdin, stdout, stderr, console);
    }

    public SpawnRequest withWorkingDirectory(Path dir) {
        return new SpawnRequest(argv, environment, Optional.of(dir), stdin, stdout, stderr, console);
    }

    public SpawnRequest withStdin(Path file) {
        return new SpawnRequest(argv, environment, workingDirectory, Optional.of(file), stdout, stderr, console);
    }

    public SpawnRequest withOutput(Path out, Path err) {
        return new SpawnRequest(argv, environment, workingDirectory, stdin, Optional.of(out), Optional.of(err),
                console);
    }

    /** On a pseudo-terminal, with the transcript appended to {@code log}. */
    public SpawnRequest withConsole(Path log) {
        return new SpawnRequest(argv, environment, workingDirectory, Optional.empty(), Optional.of(log),
                Optional.empty(), true);
    }

    /** The program, {@code argv[0]}. */
    public String program() {
        return argv.getFirst();
    }
}
