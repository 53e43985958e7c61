package dev.xc.cli.internal;

import dev.xc.api.Engine;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.EnvAssignment;
import dev.xc.api.container.ExecRequest;
import dev.xc.api.container.LogLine;
import dev.xc.api.container.LogOptions;
import dev.xc.api.container.ProcessInfo;
import dev.xc.api.container.StopOptions;
import dev.xc.api.net.AllocatedAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code xc start}, {@code ps}, {@code kill}, {@code rm}, {@code exec}, {@code logs} and {@code show}. */
final class ContainerCommands {

    private ContainerCommands() {
    }

    @Command(name = "start", aliases = "run-main", mixinStandardHelpOptions = true,
            description = "Start a created container's init and main processes (the original's run-main).")
    static final class Start extends EngineCommand implements Callable<Integer> {
        @Option(names = {"-d", "--detach"}, description = "Print the id and return; do not wait for main.")
        boolean detach;
        @Parameters(paramLabel = "CONTAINER", description = "Container id, name or jail id.")
        String container;

        Start(Map<String, String> env) {
            super(env);
        }

        @Override
        public Integer call() {
            try (Engine engine = openEngine()) {
                ContainerInfo c = engine.start(container);
                if (detach || c.mainProcess().isEmpty()) {
                    print(c.id());
                    return 0;
                }
                return RunCommand.follow(spec, engine, c);
            }
        }
    }

    /** The columns of {@code xc ps}, as the original spells them, plus STATE and EXIT. */
    static final Map<String, Function<ContainerInfo, String>> COLUMNS = columns();

    private static Map<String, Function<ContainerInfo, String>> columns() {
        Map<String, Function<ContainerInfo, String>> m = new LinkedHashMap<>();
        m.put("JID", c -> c.jid().map(String::valueOf).orElse("-"));
        m.put("ID", ContainerInfo::id);
        m.put("IMAGE", c -> c.image().toString());
        m.put("STATE", c -> c.state().id());
        m.put("MAIN", c -> c.mainProcess().map(p -> String.join(" ", p.argv())).orElse("-"));
        m.put("VNET", c -> c.vnet() ? "yes" : "no");
        m.put("ROOT", c -> c.root().toString());
        m.put("NAME", ContainerInfo::name);
        m.put("OS", c -> c.linux() ? "Linux" : "FreeBSD");
        m.put("IPS", c -> c.addresses().isEmpty() ? "-"
                : c.addresses().stream().map(AllocatedAddress::toString).collect(Collectors.joining(",")));
        m.put("EXIT", c -> c.exitCode().map(String::valueOf).orElse("-"));
        return m;
    }

    @Command(name = "ps", mixinStandardHelpOptions = true, description = {"List containers.",
            "FORMAT is a comma list of columns: JID, ID, IMAGE, STATE, MAIN, VNET, ROOT, NAME, OS, IPS, EXIT."})
    static final class Ps extends EngineCommand implements Runnable {
        @Mixin
        ListingOptions listing;
        @Parameters(arity = "0..1", paramLabel = "FORMAT", defaultValue = "JID,ID,IMAGE,STATE,MAIN,IPS,NAME,OS",
                description = "Columns (default ${DEFAULT-VALUE}).")
        String format;

        Ps(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            List<String> cols = new ArrayList<>();
            for (String c : format.split(",", -1)) {
                String col = c.strip().toUpperCase(Locale.ROOT);
                if (!COLUMNS.containsKey(col)) {
                    throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "unknown ps column '" + c + "'",
                            "use a comma list of " + String.join(", ", COLUMNS.keySet()));
                }
                cols.add(col);
            }
            List<ContainerInfo> all = engine(Engine::containers);
            if (listing.json) {
                printJson(all);
                return;
            }
            Table t = new Table(cols.toArray(String[]::new));
            for (ContainerInfo c : all) {
                t.row(cols.stream().map(col -> COLUMNS.get(col).apply(c)).toArray(String[]::new));
            }
            print(t.render(!listing.noHeader));
        }
    }

    @Command(name = "kill", mixinStandardHelpOptions = true,
            description = "Stop a container at once (SIGKILL, no deinit) and tear it down.")
    static final class Kill extends EngineCommand implements Runnable {
        @Option(names = "--json", description = "Print the container as JSON.")
        boolean json;
        @Parameters(paramLabel = "CONTAINER", description = "Container id, name or jail id.")
        String container;

        Kill(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            ContainerInfo c = engine(e -> e.kill(container, StopOptions.kill()));
            print(json ? Json.write(c) : c.name() + " " + c.state().id()
                    + c.exitCode().map(x -> " (exit " + x + ")").orElse(""));
        }
    }

    @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
            description = "Remove stopped containers and what they held; -f kills running ones first.")
    static final class Rm extends EngineCommand implements Runnable {
        @Option(names = {"-f", "--force"}, description = "Kill a running container first.")
        boolean force;
        @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Container ids, names or jail ids.")
        List<String> containers;

        Rm(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            useEngine(e -> {
                for (String c : containers) {
                    e.removeContainer(c, force);
                    print(c);
                }
            });
        }
    }

    @Command(name = "exec", mixinStandardHelpOptions = true,
            description = {"Run a command in a running container and exit with its status.",
                    "Options go before CONTAINER; what follows it is the command."})
    static final class Exec extends EngineCommand implements Callable<Integer> {
        @Option(names = {"-t", "--tty"}, description = "Run on a terminal and attach to it (Ctrl-P q detaches).")
        boolean tty;
        @Option(names = {"-i", "--interactive"}, description = "Pass standard input (read fully before the start; "
                + "with -t it is the terminal's input).")
        boolean interactive;
        @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Environment variable (repeatable).")
        List<String> envs = new ArrayList<>();
        @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "User to run as.")
        String user;
        @Option(names = {"-g", "--group"}, paramLabel = "GROUP", description = "Group to run as.")
        String group;
        @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory.")
        String workDir;
        @Parameters(index = "0", paramLabel = "CONTAINER", description = "Container id, name or jail id.")
        String container;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ARGV", description = "The command and its arguments.")
        List<String> argv;

        private final InputStream in;

        Exec(Map<String, String> env, InputStream in) {
            super(env);
            this.in = in;
        }

        @Override
        public Integer call() {
            Map<String, String> vars = new LinkedHashMap<>();
            for (String e : envs) {
                EnvAssignment a = EnvAssignment.parse(e);
                vars.put(a.name(), a.value());
            }
            if (tty && env.containsKey("TERM")) {
                vars.putIfAbsent("TERM", env.get("TERM"));
            }
            ExecRequest request = new ExecRequest(container, argv, vars, Optional.ofNullable(user),
                    Optional.ofNullable(group), Optional.ofNullable(workDir), tty, interactive);
            if (tty) {
                try (Engine engine = openEngine()) {
                    ConsoleClient.Outcome o = ConsoleClient.run(spec, engine.execConsole(request), container, in);
                    return o.detached() ? 0 : o.exitStatus().orElse(0);
                }
            }
            try (Engine engine = openEngine();
                 WriterStream out = new WriterStream(spec.commandLine().getOut());
                 WriterStream err = new WriterStream(spec.commandLine().getErr())) {
                return engine.exec(request, interactive ? in : InputStream.nullInputStream(), out, err);
            }
        }
    }

    /** Bytes to a writer, decoded as UTF-8 across writes. */
    static final class WriterStream extends OutputStream {
        private final PrintWriter writer;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            pending.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public void flush() {
            ByteBuffer in = ByteBuffer.wrap(pending.toByteArray());
            CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
            decoder.decode(in, out, false);
            out.flip();
            writer.write(out.toString());
            writer.flush();
            byte[] rest = new byte[in.remaining()];
            in.get(rest);
            pending.reset();
            pending.writeBytes(rest);
        }

        @Override
        public void close() {
            flush();
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a container's main output.")
    static final class Logs extends EngineCommand implements Runnable {
        @Option(names = {"-f", "--follow"}, description = "Keep printing until the container stops.")
        boolean follow;
        @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines.")
        Integer tail;
        @Parameters(paramLabel = "CONTAINER", description = "Container id, name or jail id.")
        String container;

        Logs(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            useEngine(e -> {
                e.logs(container, new LogOptions(follow, Optional.ofNullable(tail), true, true), line -> {
                    PrintWriter w = line.stream().equals(LogLine.STDERR) ? err : out;
                    w.println(line.text());
                    w.flush();
                });
            });
        }
    }

    @Command(name = "show", aliases = "inspect", mixinStandardHelpOptions = true,
            description = "Show one container as JSON: identity, addresses, processes, exit status.")
    static final class Show extends EngineCommand implements Runnable {
        @Parameters(paramLabel = "CONTAINER", description = "Container id, name or jail id.")
        String container;
        @Mixin
        JsonAlways jsonAlways;

        Show(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            printJson(engine(e -> e.inspectContainer(container)));
        }
    }

    static String processLine(ProcessInfo p) {
        return p.label() + " " + p.pid() + " " + String.join(" ", p.argv());
    }
}
