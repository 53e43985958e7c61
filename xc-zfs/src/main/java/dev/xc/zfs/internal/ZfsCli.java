package dev.xc.zfs.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.CommandRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code zfs} command as the backend uses it: one method per subcommand, always in the scripted forms
 * ({@code -H}, {@code -o}, {@code -p} where it matters), so output is parsed, never scraped. Every call goes through
 * the host's {@link CommandRunner}. Thread-safe (stateless apart from the runner).
 */
final class ZfsCli {

    private final CommandRunner runner;
    private final String zfs;

    ZfsCli(CommandRunner runner, String zfs) {
        this.runner = runner;
        this.zfs = zfs;
    }

    /** Runs {@code zfs args...} and returns the result whatever the exit status. */
    CommandResult run(List<String> args) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(zfs);
        argv.addAll(args);
        return runner.run(Command.of(argv));
    }

    CommandResult run(String... args) {
        return run(List.of(args));
    }

    /** Runs and fails with {@code COMMAND_FAILED} (naming the command and zfs's message) unless it exits 0. */
    CommandResult check(String... args) {
        return run(args).orThrow();
    }

    static List<String> withProps(String sub, Map<String, String> props, String... rest) {
        List<String> a = new ArrayList<>();
        a.add(sub);
        props.forEach((k, v) -> {
            a.add("-o");
            a.add(k + "=" + v);
        });
        a.addAll(List.of(rest));
        return a;
    }

    /** Whether {@code name} (file system, snapshot) exists: {@code zfs list -H -o name -t all NAME}. */
    boolean exists(String name) {
        CommandResult r = run("list", "-H", "-o", "name", "-t", "all", name);
        if (r.ok()) {
            return true;
        }
        if (r.stderrText().contains("does not exist")) {
            return false;
        }
        r.orThrow();
        return false;
    }

    /** One property's value ({@code zfs get -H -p -o value PROP NAME}); empty when the dataset does not exist. */
    Optional<String> get(String property, String name) {
        CommandResult r = run("get", "-H", "-p", "-o", "value", property, name);
        if (!r.ok()) {
            if (r.stderrText().contains("does not exist")) {
                return Optional.empty();
            }
            r.orThrow();
        }
        List<String> lines = r.stdoutLines();
        if (lines.size() != 1) {
            throw XcException.of(ErrorCode.COMMAND_FAILED,
                    "'zfs get " + property + " " + name + "' printed " + lines.size() + " lines instead of one",
                    "check that the zfs command on this host is OpenZFS");
        }
        return Optional.of(lines.getFirst());
    }

    /** Whether a failed result says the subcommand does not exist in this zfs (zfs-fuse lacks diff and jail). */
    static boolean unrecognized(CommandResult r) {
        return !r.ok() && r.stderrText().startsWith("unrecognized command");
    }

    /** Whether a failed result is the "dataset is busy" kind, worth a retry. */
    static boolean busy(CommandResult r) {
        String e = r.stderrText();
        return !r.ok() && (e.contains("dataset is busy") || e.contains("pool or dataset is busy")
                || e.contains("Device busy"));
    }
}
