package dev.xc.cli.internal;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run behind {@code bin/xc}'s start-up cache: runs several {@code xc} command lines in one JVM so that
 * the JDK's AOT cache ({@code -XX:AOTCacheOutput}, JEP 514) records the classes that every common command loads:
 * picocli and the help, the remote client, the embedded engine.
 *
 * <pre>
 * java -XX:AOTCacheOutput=xc.aot --module-path MODS -m dev.xc.cli/dev.xc.cli.internal.StartupTraining \
 *     --help --next info --embedded --state-dir /tmp/t --next ps -s /tmp/t/xc.sock
 * </pre>
 * The arguments are command lines separated by {@code --next}. Their output is discarded and their exit status
 * ignored: a command that fails (say, no daemon runs) still loads most of what a successful one loads. Prints one line
 * per command on standard error, {@code training: ARGS -> STATUS}, so the caller can log what was trained.
 *
 * <p>The cache is used with the same module path and main module ({@code dev.xc.cli}); the main class may differ.
 */
public final class StartupTraining {

    /** The separator between command lines. */
    public static final String NEXT = "--next";

    private StartupTraining() {
    }

    public static void main(String[] args) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        for (List<String> command : split(List.of(args))) {
            int status;
            try {
                status = XcCommand.commandLine(sink, sink, System.getenv()).execute(command.toArray(String[]::new));
            } catch (RuntimeException e) {
                status = -1;
            }
            System.err.println("training: " + String.join(" ", command) + " -> " + status);
        }
        System.exit(0); // as Main does: a thread an engine left behind must not keep the training from ending
    }

    /** The command lines in {@code args}, split at {@link #NEXT}; empty command lines are left out. */
    static List<List<String>> split(List<String> args) {
        List<List<String>> all = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String a : args) {
            if (a.equals(NEXT)) {
                if (!current.isEmpty()) {
                    all.add(List.copyOf(current));
                }
                current = new ArrayList<>();
            } else {
                current.add(a);
            }
        }
        if (!current.isEmpty()) {
            all.add(List.copyOf(current));
        }
        return List.copyOf(all);
    }
}
