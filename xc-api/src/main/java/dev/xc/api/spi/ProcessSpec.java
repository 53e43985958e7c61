package dev.xc.api.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A process to start inside a jail.
 *
 * @param argv program (resolved inside the jail) and arguments
 * @param environment the complete environment (nothing is inherited from the daemon)
 * @param user user name inside the jail ({@code jexec -U}); empty for root
 * @param group group name or gid inside the jail; empty for the user's primary group
 * @param workingDirectory directory inside the jail to start in; empty for {@code /}
 * @param stdout file on the host that receives standard output (with a console: the terminal transcript)
 * @param stderr file on the host that receives standard error (unused with a console)
 * @param login start with a login environment ({@code jexec -l}): only {@code HOME SHELL TERM USER}, the login
 *        class's variables and {@code PATH=/bin:/usr/bin}, then {@link #environment()} on top, in the user's home
 * @param stdin file on the host read as standard input; empty for {@code /dev/null} (must be empty with a console)
 * @param console run on a pseudo-terminal that clients attach to ({@link SupervisedProcess#console()})
 */
public record ProcessSpec(List<String> argv, Map<String, String> environment, Optional<String> user,
                          Optional<String> group, Optional<String> workingDirectory, Path stdout, Path stderr,
                          boolean login, Optional<Path> stdin, boolean console) {
    public ProcessSpec {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a process needs a program");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(stdin, "stdin");
        if (console && stdin.isPresent()) {
            throw new IllegalArgumentException("a console process reads its terminal: give no stdin file");
        }
    }

    /** A process without login environment, stdin from /dev/null and no console. */
    public ProcessSpec(List<String> argv, Map<String, String> environment, Optional<String> user,
                       Optional<String> group, Optional<String> workingDirectory, Path stdout, Path stderr) {
        this(argv, environment, user, group, workingDirectory, stdout, stderr, false, Optional.empty(), false);
    }

    /** {@code argv} as root in {@code /} with an empty environment, output to the two files. */
    public static ProcessSpec of(List<String> argv, Path stdout, Path stderr) {
        return new ProcessSpec(argv, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), stdout, stderr);
    }

    public ProcessSpec withEnvironment(Map<String, String> env) {
        return new ProcessSpec(argv, env, user, group, workingDirectory, stdout, stderr, login, stdin, console);
    }

    public ProcessSpec withUser(String name) {
        return new ProcessSpec(argv, environment, Optional.of(name), group, workingDirectory, stdout, stderr, login,
                stdin, console);
    }

    public ProcessSpec withWorkingDirectory(String dir) {
        return new ProcessSpec(argv, environment, user, group, Optional.of(dir), stdout, stderr, login, stdin,
                console);
    }

    public ProcessSpec withLogin(boolean on) {
        return new ProcessSpec(argv, environment, user, group, workingDirectory, stdout, stderr, on, stdin, console);
    }

    public ProcessSpec withStdin(Path file) {
        return new ProcessSpec(argv, environment, user, group, workingDirectory, stdout, stderr, login,
                Optional.of(file), console);
    }

    public ProcessSpec withConsole(boolean on) {
        return new ProcessSpec(argv, environment, user, group, workingDirectory, stdout, stderr, login, stdin, on);
    }
}
