package dev.xc.cli;

import dev.xc.cli.internal.XcCommand;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;

/** The {@code xc} entry point. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv()));
    }

    /**
     * Runs {@code xc} with {@code args}, writing to {@code out} and {@code err}, and returns the exit status: 0 on
     * success, 2 for usage errors, and the error category's status (see {@code ErrorCode.Category}) otherwise.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return XcCommand.commandLine(out, err, env).execute(args);
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter, Map)}, with standard input read from {@code in}. */
    public static int run(String[] args, InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return XcCommand.commandLine(out, err, env, in).execute(args);
    }
}
