package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A command to run in a running container: {@code xc exec [-t] [-i] [-e K=V]... [-u USER] [-g GROUP] [-w DIR]
 * CONTAINER ARG0 [ARGS...]}.
 *
 * <p>The container is named by id, name or jail id. The environment holds only what is given here plus the
 * engine's {@code XC_*} variables (as in the original). User and group are names or numeric ids, resolved inside the
 * container; the group is applied before the user (the original did it the other way round, so non-root users
 * could not get a group). The working directory is absolute.
 *
 * @param container id, name or jail id of the container
 * @param argv the command and its arguments; not empty
 * @param env extra environment, in the order given
 * @param user user to run as
 * @param group group to run as
 * @param workDir working directory inside the container
 * @param tty allocate a terminal
 * @param interactive forward the caller's stdin
 */
public record ExecRequest(String container, List<String> argv, Map<String, String> env, Optional<String> user,
                          Optional<String> group, Optional<String> workDir, boolean tty, boolean interactive) {
    public ExecRequest {
        Objects.requireNonNull(container, "container");
        argv = List.copyOf(argv);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(workDir, "workDir");
        if (container.isBlank() || container.chars().anyMatch(c -> c <= ' ')) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid container '" + container
                    + "': give its id, name or jail id", "see xc ps for the names");
        }
        if (argv.isEmpty() || argv.getFirst().isEmpty()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "exec in '" + container + "' needs a command",
                    "write the command after the container, e.g. xc exec web /bin/sh");
        }
        for (String a : argv) {
            if (Syntax.hasNul(a)) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "exec in '" + container + "': an argument "
                        + "contains NUL", "remove the NUL character");
            }
        }
        env = RunRequest.copyEnv(env);
        user.ifPresent(u -> Syntax.checkUser(u, "user"));
        group.ifPresent(g -> Syntax.checkUser(g, "group"));
        workDir.ifPresent(Syntax::checkWorkDir);
    }

    /** A plain command without terminal, environment or identity changes. */
    public static ExecRequest of(String container, List<String> argv) {
        return new ExecRequest(container, argv, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                false, false);
    }
}
