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
 * @param user user name or uid inside the jail; empty for root
 * @param group group name or gid inside the jail; empty for the user's primary group
 * @param workingDirectory directory inside the jail to start in; empty for {@code /}
 * @param stdout file on the host that receives standard output
 * @param stderr file on the host that receives standard error
 */
public record ProcessSpec(List<String> argv, Map<String, String> environment, Optional<String> user,
                          Optional<String> group, Optional<String> workingDirectory, Path stdout, Path stderr) {
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
    }
}
