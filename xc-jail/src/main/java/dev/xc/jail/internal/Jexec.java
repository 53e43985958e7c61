package dev.xc.jail.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.ProcessSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code jexec(8)} argv for a process in a jail (freebsd-facts.md 3.1), FreeBSD 14's syntax
 * {@code jexec [-l] [-u username | -U username] jail [command ...]}:
 * <pre>
 * jexec web /bin/sh -c 'echo hi'                                   root, environment as given, cwd /
 * jexec -U www web /usr/local/bin/app                             user looked up inside the jail
 * jexec web /bin/sh -c 'cd -- "$0" &amp;&amp; exec "$@"' /srv ./run   working directory (jexec -d is not in 14.0)
 * jexec -l -U www web /usr/bin/env K=V ... app                    login environment, then the given variables
 * </pre>
 * jexec attaches in the child it becomes and execs the command, so the pid the runner reports is the command's.
 */
final class Jexec {

    /** The portable replacement of {@code jexec -d}: {@code $0} is the directory, {@code "$@"} the command. */
    static final String CD_AND_EXEC = "cd -- \"$0\" && exec \"$@\"";

    private Jexec() {
    }

    static List<String> argv(String jail, ProcessSpec p) {
        if (p.group().isPresent()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "jexec cannot start a process in jail '" + jail + "' with group '" + p.group().get()
                            + "': it takes the user's primary group",
                    "leave the group out, or give a user whose primary group it is");
        }
        List<String> argv = new ArrayList<>(List.of("jexec"));
        if (p.login()) {
            argv.add("-l");
        }
        p.user().ifPresent(u -> {
            if (u.isEmpty() || u.startsWith("-")) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid user '" + u + "' for jail '" + jail
                        + "'", "give a user name or uid from the jail's /etc/passwd, e.g. www");
            }
            argv.add("-U");
            argv.add(u);
        });
        argv.add(jail);
        if (p.login() && !p.environment().isEmpty()) {
            argv.add("/usr/bin/env");
            for (Map.Entry<String, String> e : new TreeMap<>(p.environment()).entrySet()) {
                argv.add(e.getKey() + "=" + e.getValue());
            }
        }
        if (p.workingDirectory().isPresent()) {
            argv.addAll(List.of("/bin/sh", "-c", CD_AND_EXEC, p.workingDirectory().get()));
        }
        argv.addAll(p.argv());
        return List.copyOf(argv);
    }
}
