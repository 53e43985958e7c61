package dev.xc.cli.internal;

import dev.xc.api.XcException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** The top command: global options and the list of sub-commands. */
@Command(name = "xc", mixinStandardHelpOptions = true, versionProvider = XcCommand.Version.class,
        description = {"xc: containers for FreeBSD. Pulls OCI images, stores them on ZFS (or plain directories),",
                "and runs them as jails; Linux images run under the Linuxulator."},
        subcommands = {InfoCommand.class, ImageCommands.Pull.class, ImageCommands.Push.class, ImageCommands.Images.class, ImageCommands.Image.class,
                LoginCommand.class, NetworkCommand.class, RunCommand.Run.class, RunCommand.Create.class,
                ContainerCommands.Start.class, ContainerCommands.Ps.class, ContainerCommands.Kill.class,
                ContainerCommands.Rm.class, ContainerCommands.Exec.class, ContainerCommands.Logs.class,
                ContainerCommands.Show.class, AttachCommand.class,
                VolumeCommand.class, LinkCommand.class, RdrCommand.class, CompletionCommand.class, HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        footer = {"", "Without --embedded or --remote, xc talks to xcd when its socket exists and runs",
                "the engine in-process otherwise. Shell completion: source <(xc completion bash)."})
public final class XcCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    EngineOptionsMixin engineOptions;

    /** Runs {@code action} on an engine opened from the engine flags, and closes it. */
    static <T> T withEngine(CommandLine.Model.CommandSpec spec, Map<String, String> env,
                            java.util.function.Function<dev.xc.api.Engine, T> action) {
        try (dev.xc.api.Engine engine = options(spec).open(env)) {
            return action.apply(engine);
        }
    }

    /** Prints one result to the command's standard output. */
    static void print(CommandLine.Model.CommandSpec spec, String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(text);
        out.flush();
    }

    /** The engine flags, wherever on the command line they were given. */
    static EngineOptionsMixin options(CommandLine.Model.CommandSpec spec) {
        return ((XcCommand) spec.root().userObject()).engineOptions;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A configured command line: output streams, environment, and one error handler for every command. */
    /** The width of the help text: every description line of every command fits in it. */
    static final int HELP_WIDTH = 100;

    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
        return commandLine(out, err, env, System.in);
    }

    /** As above, reading standard input (for {@code --password-stdin}) from {@code in}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env, InputStream in) {
        CommandLine cl = new CommandLine(new XcCommand(), new Factory(env, in));
        cl.setOut(out);
        cl.setErr(err);
        cl.getCommandSpec().usageMessage().exitCodeList(ExitCodes.list());
        // the descriptions are written in lines of up to HELP_WIDTH columns; at picocli's default of 80 they would be
        // broken again, mid-sentence
        cl.setUsageHelpWidth(HELP_WIDTH);
        // what follows the image (run, create) or the container (exec) is the command line, options included
        for (String c : List.of("run", "create", "exec")) {
            cl.getSubcommands().get(c).setStopAtPositional(true);
        }
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof XcException xe) {
                boolean json = false;
                for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
                    json |= p.hasMatchedOption("--json");
                }
                if (json) {
                    line.getOut().println(Json.error(xe));
                    line.getOut().flush();
                } else {
                    line.getErr().println("xc: " + xe.getMessage());
                    if (!xe.hint().isEmpty()) {
                        line.getErr().println("hint: " + xe.hint());
                    }
                    line.getErr().flush();
                }
                return xe.code().category().exitCode();
            }
            line.getErr().println("xc: internal error: " + ex);
            line.getErr().flush();
            return 1;
        });
        return cl;
    }

    /** Hands each command the environment. */
    private record Factory(Map<String, String> env, InputStream in) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == LoginCommand.class) {
                return cls.cast(new LoginCommand(env, in));
            }
            if (cls == ContainerCommands.Exec.class) {
                return cls.cast(new ContainerCommands.Exec(env, in));
            }
            try {
                var withInput = cls.getDeclaredConstructor(Map.class, InputStream.class);
                return cls.cast(withInput.newInstance(env, in));
            } catch (NoSuchMethodException e) {
                // most commands do not read standard input
            }
            try {
                var ctor = cls.getDeclaredConstructor(Map.class);
                return cls.cast(ctor.newInstance(env));
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }

    /** The version line. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = XcCommand.class.getPackage().getImplementationVersion();
            return new String[] {"xc " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
