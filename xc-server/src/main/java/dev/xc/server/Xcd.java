package dev.xc.server;

import dev.xc.api.Engine;
import dev.xc.api.EngineOptions;
import dev.xc.api.XcException;
import dev.xc.engine.ConfigLoader;
import dev.xc.engine.EmbeddedEngines;
import dev.xc.host.LocalHost;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code xcd}: the engine served on a UNIX socket.
 *
 * <pre>
 * xcd [--config FILE] [--state-dir DIR] [--socket PATH] [--group NAME] [--embedded-default]
 * </pre>
 * <ul>
 *   <li>{@code --config FILE}: the configuration (default {@code /usr/local/etc/xc.conf} when it exists, else the
 *       embedded default);</li>
 *   <li>{@code --state-dir DIR}: the embedded default's state directory;</li>
 *   <li>{@code --socket PATH}: the socket (default: {@code socket_path} of the configuration, {@code /var/run/xc.sock}
 *       for a system configuration, {@code STATE/xc.sock} for the embedded default);</li>
 *   <li>{@code --group NAME}: the socket's group; its members may connect (mode 0660);</li>
 *   <li>{@code --embedded-default}: ignore {@code /usr/local/etc/xc.conf} and use the embedded default.</li>
 * </ul>
 * Logs go to standard error. SIGTERM and SIGINT stop the daemon cleanly: the socket is removed, containers keep
 * running. Exit status: 0 after a clean stop, 2 for a usage error, the error category's status otherwise.
 */
public final class Xcd {

    private Xcd() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    /** Parsed command line. */
    record Args(Optional<Path> config, Optional<Path> stateDir, Optional<Path> socket, Optional<String> group,
                boolean embeddedDefault) {
    }

    static Args parse(String[] args) {
        Map<String, String> v = new LinkedHashMap<>();
        boolean embeddedDefault = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--embedded-default" -> embeddedDefault = true;
                case "--config", "-c", "--state-dir", "--socket", "-s", "--socket-path", "--group" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    String key = switch (a) {
                        case "-c" -> "--config";
                        case "-s", "--socket-path" -> "--socket";
                        default -> a;
                    };
                    if (v.put(key, args[++i]) != null) {
                        throw new IllegalArgumentException(key + " is given twice");
                    }
                }
                default -> {
                    int eq = a.indexOf('=');
                    if (a.startsWith("--") && eq > 0) {
                        String[] split = {a.substring(0, eq), a.substring(eq + 1)};
                        String[] rest = new String[args.length - i + 1];
                        rest[0] = split[0];
                        rest[1] = split[1];
                        System.arraycopy(args, i + 1, rest, 2, args.length - i - 1);
                        Args tail = parse(rest);
                        // merge: flags before this one win only if not repeated
                        return merge(v, embeddedDefault, tail);
                    }
                    throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
        }
        return new Args(Optional.ofNullable(v.get("--config")).map(Path::of),
                Optional.ofNullable(v.get("--state-dir")).map(Path::of),
                Optional.ofNullable(v.get("--socket")).map(Path::of), Optional.ofNullable(v.get("--group")),
                embeddedDefault);
    }

    private static Args merge(Map<String, String> v, boolean embeddedDefault, Args tail) {
        for (String k : v.keySet()) {
            boolean dup = switch (k) {
                case "--config" -> tail.config().isPresent();
                case "--state-dir" -> tail.stateDir().isPresent();
                case "--socket" -> tail.socket().isPresent();
                default -> tail.group().isPresent();
            };
            if (dup) {
                throw new IllegalArgumentException(k + " is given twice");
            }
        }
        return new Args(tail.config().or(() -> Optional.ofNullable(v.get("--config")).map(Path::of)),
                tail.stateDir().or(() -> Optional.ofNullable(v.get("--state-dir")).map(Path::of)),
                tail.socket().or(() -> Optional.ofNullable(v.get("--socket")).map(Path::of)),
                tail.group().or(() -> Optional.ofNullable(v.get("--group"))),
                embeddedDefault || tail.embeddedDefault());
    }

    /** Runs the daemon until SIGTERM; returns the exit status. */
    static int run(String[] argv, PrintStream err) {
        java.util.function.Consumer<String> log = line -> err.println(
                LocalTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME) + " xcd: " + line);
        Args args;
        try {
            if (List.of(argv).contains("--help") || List.of(argv).contains("-h")) {
                err.println("usage: xcd [--config FILE] [--state-dir DIR] [--socket PATH] [--group NAME] "
                        + "[--embedded-default]");
                return 0;
            }
            args = parse(argv);
        } catch (IllegalArgumentException e) {
            err.println("xcd: " + e.getMessage());
            err.println("usage: xcd [--config FILE] [--state-dir DIR] [--socket PATH] [--group NAME] "
                    + "[--embedded-default]");
            return 2;
        }
        try {
            Map<String, String> overrides = new LinkedHashMap<>();
            args.socket().ifPresent(s -> overrides.put("socket_path", s.toAbsolutePath().toString()));
            ConfigLoader loader = args.embeddedDefault()
                    ? new ConfigLoader(System.getenv(), Path.of("/nonexistent/xc.conf"))
                    : ConfigLoader.system();
            ConfigLoader.Loaded loaded = loader.load(args.config(), args.stateDir(), overrides);
            loaded.warnings().forEach(w -> log.accept("warning: " + w));
            log.accept("configuration: " + loaded.source().map(Path::toString).orElse("the embedded default"));
            Engine engine = args.embeddedDefault()
                    ? EmbeddedEngines.open(loaded.config(), LocalHost.create(), bootLayer())
                    : EmbeddedEngines.open(new EngineOptions(args.config(), args.stateDir(), args.socket(), overrides));
            engine.info().warnings().stream().filter(w -> w.startsWith("reconcile:")).forEach(log); // after a crash
            Path socket = loaded.config().socketPath();
            CountDownLatch stopped = new CountDownLatch(1);
            try (engine; XcdServer server = XcdServer.start(engine, socket, args.group(), log)) {
                Thread hook = new Thread(() -> {
                    log.accept("stopping (signal)");
                    server.close();
                    try {
                        stopped.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "xcd-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                server.join();
            } finally {
                stopped.countDown();
            }
            return 0;
        } catch (XcException e) {
            err.println("xcd: " + e.getMessage());
            if (!e.hint().isEmpty()) {
                err.println("hint: " + e.hint());
            }
            return e.code().category().exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static ModuleLayer bootLayer() {
        ModuleLayer l = Xcd.class.getModule().getLayer();
        return l == null ? ModuleLayer.boot() : l;
    }
}
