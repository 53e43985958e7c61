package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A program an image can run (the original xc's {@code Exec}): a named entry point, an init or deinit step.
 *
 * <p>The command line is {@code exec}, then {@code args}, then either the user's arguments or, when the user gives
 * none, {@code defaultArgs} (Docker's {@code Entrypoint} and {@code Cmd}). {@code args}, {@code defaultArgs} and the
 * values of {@code environ} are {@link Interpolation} text, expanded against the container's environment; the
 * user's own arguments are not expanded (the user's shell already did that).
 *
 * <p>{@snippet :
 * EntryPoint nginx = EntryPoint.of("/usr/local/sbin/nginx", List.of("-g", "daemon off;"));
 * nginx.resolveArguments(List.of(), Map.of()); // ["-g", "daemon off;"]
 * }
 *
 * @param exec the program, absolute or found on the container's {@code PATH}; empty only in half-built
 *     configs (a Jailfile {@code WORKDIR} before any {@code ENTRYPOINT})
 * @param args arguments always passed, as interpolated strings
 * @param environ variables set for the program, values as interpolated strings
 * @param clearEnv whether the program starts from an empty environment instead of the container's
 * @param defaultArgs arguments passed when the user gives none, as interpolated strings
 * @param requiredEnvs variables that must be set for the program to start
 * @param workDir the absolute working directory
 * @param user the user to run as, a name or a number
 * @param group the group to run as, a name or a number
 */
public record EntryPoint(String exec, List<String> args, Map<String, String> environ, boolean clearEnv,
                         List<String> defaultArgs, List<String> requiredEnvs, Optional<String> workDir,
                         Optional<String> user, Optional<String> group) {

    public EntryPoint {
        Objects.requireNonNull(exec, "exec");
        Checks.noControl(exec, "entry point executable", ErrorCode.INVALID_IMAGE_CONFIG);
        args = Checks.listCopy(args, "args");
        args.forEach(Interpolation::parse);
        environ = Checks.orderedCopy(environ, "environ");
        environ.forEach((k, v) -> {
            Checks.varName(k, "the environ of entry point '" + exec + "'");
            Interpolation.parse(v);
        });
        defaultArgs = Checks.listCopy(defaultArgs, "defaultArgs");
        defaultArgs.forEach(Interpolation::parse);
        requiredEnvs = Checks.listCopy(requiredEnvs, "requiredEnvs");
        requiredEnvs.forEach(v -> Checks.varName(v, "the required_envs of entry point '" + exec + "'"));
        Objects.requireNonNull(workDir, "workDir");
        workDir.ifPresent(d -> Checks.absolutePath(d, "working directory", ErrorCode.INVALID_IMAGE_CONFIG));
        Objects.requireNonNull(user, "user");
        user.ifPresent(u -> Checks.nonBlank(u, "user", ErrorCode.INVALID_IMAGE_CONFIG));
        Objects.requireNonNull(group, "group");
        group.ifPresent(g -> Checks.nonBlank(g, "group", ErrorCode.INVALID_IMAGE_CONFIG));
    }

    /** Runs {@code exec} with no arguments and nothing else set. */
    public static EntryPoint of(String exec) {
        return of(exec, List.of());
    }

    /** Runs {@code exec} with {@code args} always passed. */
    public static EntryPoint of(String exec, List<String> args) {
        return new EntryPoint(exec, args, Map.of(), false, List.of(), List.of(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** A copy with {@code defaultArgs} (Docker's {@code Cmd}). */
    public EntryPoint withDefaultArgs(List<String> newDefaultArgs) {
        return new EntryPoint(exec, args, environ, clearEnv, newDefaultArgs, requiredEnvs, workDir, user, group);
    }

    /** A copy with {@code environ}. */
    public EntryPoint withEnviron(Map<String, String> newEnviron) {
        return new EntryPoint(exec, args, newEnviron, clearEnv, defaultArgs, requiredEnvs, workDir, user, group);
    }

    /** A copy with a working directory. */
    public EntryPoint withWorkDir(String dir) {
        return new EntryPoint(exec, args, environ, clearEnv, defaultArgs, requiredEnvs, Optional.of(dir), user, group);
    }

    /** The arguments as written, without expansion: {@code args}, then {@code userArgs} or else {@code defaultArgs}. */
    public List<String> arguments(List<String> userArgs) {
        List<String> out = new ArrayList<>(args);
        out.addAll(userArgs.isEmpty() ? defaultArgs : userArgs);
        return List.copyOf(out);
    }

    /**
     * The arguments after {@code argv[0]}: {@code args} expanded against {@code env}, then {@code userArgs} as given
     * or, when there are none, {@code defaultArgs} expanded.
     *
     * @throws XcException {@link ErrorCode#MISSING_ENV} when an argument refers to an unset variable
     */
    public List<String> resolveArguments(List<String> userArgs, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            out.add(Interpolation.parse(a).apply(env));
        }
        if (userArgs.isEmpty()) {
            for (String a : defaultArgs) {
                out.add(Interpolation.parse(a).apply(env));
            }
        } else {
            out.addAll(userArgs);
        }
        return List.copyOf(out);
    }

    /** The entries of {@code requiredEnvs} missing from {@code env}, in order. */
    public List<String> missingEnvs(Map<String, String> env) {
        return requiredEnvs.stream().filter(v -> !env.containsKey(v)).toList();
    }
}
