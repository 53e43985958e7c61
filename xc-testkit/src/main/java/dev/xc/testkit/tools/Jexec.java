package dev.xc.testkit.tools;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.Console;
import dev.xc.api.spi.ProcessExit;
import dev.xc.api.spi.Signal;
import dev.xc.api.spi.SpawnRequest;
import dev.xc.api.spi.SupervisedProcess;
import dev.xc.host.ProcessCommandRunner;
import dev.xc.host.Signals;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.SimulatedHost.Outcome;
import dev.xc.testkit.SimulatedHost.Tool;
import dev.xc.testkit.kernel.SimulatedKernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * {@code jexec [-l] [-u username | -U username] jail [command ...]} (usr.sbin/jexec, FreeBSD 14: getopt
 * {@code "lnu:U:"}, no {@code -d}; freebsd-facts.md 3.1). The jail is a jid or a name; the command really runs,
 * inside a bubblewrap sandbox ({@code /usr/bin/bwrap}) whose root is the jail's path, with its own hostname
 * ({@code host.hostname}, else the jail name), PID and IPC namespaces, dying with its parent. The jail's mounts
 * become sandbox mounts: devfs on {@code /dev} is {@code --dev /dev}, procfs/linprocfs on {@code /proc} is
 * {@code --proc /proc}, tmpfs is {@code --tmpfs} (with its mode), nullfs is {@code --bind}/{@code --ro-bind};
 * linsysfs and fdescfs are left out (bwrap's {@code /dev} has {@code /dev/fd}). A console process (spawned with a
 * pseudo-terminal) keeps its terminal inside the sandbox because bubblewrap is never given {@code --new-session}:
 * that option would start the command in a session without a controlling terminal. {@code /sbin/ifconfig} and
 * {@code /sbin/route} inside a jail are answered by the simulated tools in the jail's vnet instead.
 *
 * <p>Errors as jexec prints them, exit 1: {@code jexec: jail "x" not found}, {@code jexec: execvp: x: No such file
 * or directory}, {@code jexec: x: no such user}, {@code jexec: chdir: /root: No such file or directory}, getopt's
 * texts followed by the usage line.
 */
public final class Jexec implements Tool {

    static final String USAGE = "usage: jexec [-l] [-u username | -U username] jail [command ...]\n";
    /** Where bubblewrap is. */
    public static final Path BWRAP = Path.of("/usr/bin/bwrap");

    private final SimulatedKernel kernel;
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    public Jexec(SimulatedKernel kernel) {
        this.kernel = kernel;
    }

    /** A parsed jexec command line, resolved against the kernel. */
    record Invocation(SimulatedKernel.Jail jail, boolean login, Optional<String> jailUser, List<String> command) {
    }

    /** The invocation, or the outcome jexec would give up with. */
    sealed interface Parsed {
        record Ok(Invocation invocation) implements Parsed {
        }

        record Error(Outcome outcome) implements Parsed {
        }
    }

    static Parsed parse(SimulatedKernel kernel, List<String> argv) {
        Getopt.Result g = Getopt.parse(argv.subList(1, argv.size()), "lnu:U:");
        if (g.error().isPresent()) {
            return new Parsed.Error(Outcome.fail(1, "jexec: " + g.error().get() + "\n" + USAGE));
        }
        if (g.operands().isEmpty() || (g.options().containsKey('u') && g.options().containsKey('U'))) {
            return new Parsed.Error(Outcome.fail(1, USAGE));
        }
        String key = g.operands().getFirst();
        Optional<SimulatedKernel.Jail> jail = kernel.jail(key);
        if (jail.isEmpty()) {
            return new Parsed.Error(Outcome.fail(1, "jexec: " + (key.chars().allMatch(Character::isDigit)
                    ? "jail " + key : "jail \"" + key + "\"") + " not found\n"));
        }
        if (g.options().containsKey('u') && !g.options().get('u').equals("root")) {
            return new Parsed.Error(Outcome.fail(1, "jexec: " + g.options().get('u') + ": no such user\n"));
        }
        List<String> command = g.operands().subList(1, g.operands().size());
        if (command.isEmpty()) {
            command = List.of("/bin/sh", "-i");
        }
        return new Parsed.Ok(new Invocation(jail.get(), g.options().containsKey('l'),
                Optional.ofNullable(g.options().get('U')), List.copyOf(command)));
    }

    @Override
    public Outcome run(Command command) {
        Parsed p = parse(kernel, command.argv());
        if (p instanceof Parsed.Error e) {
            return e.outcome();
        }
        Invocation inv = ((Parsed.Ok) p).invocation();
        String program = inv.command().getFirst();
        String base = program.substring(program.lastIndexOf('/') + 1);
        if (base.equals("ifconfig") || base.equals("route")) {
            int vnet = inv.jail().vnet() ? inv.jail().jid() : -1;
            Command inner = Command.of(inv.command());
            return base.equals("ifconfig") ? new Ifconfig(kernel, vnet).run(inner) : new Route(kernel, vnet).run(inner);
        }
        List<String> bwrap;
        try {
            bwrap = sandbox(kernel, inv, command.environment());
        } catch (SandboxRefused e) {
            return e.outcome;
        }
        CommandResult r = runner.run(new Command(bwrap, command.stdin(), Map.of(), Optional.empty(),
                command.timeout()));
        return new Outcome(r.exitCode(), r.stdoutText(), jexecErrors(r.stderrText()));
    }

    private static String jexecErrors(String stderr) {
        return stderr.replaceAll("(?m)^bwrap: execvp (.*?): ", "jexec: execvp: $1: ");
    }

    private static final class SandboxRefused extends Exception {
        final Outcome outcome;

        SandboxRefused(Outcome outcome) {
            super(outcome.stderr(), null, false, false);
            this.outcome = outcome;
        }
    }

    /** The bubblewrap argv that runs {@code inv} in its jail. */
    static List<String> sandbox(SimulatedKernel kernel, Invocation inv, Map<String, String> env)
            throws SandboxRefused {
        return sandbox(kernel, inv, env, true);
    }

    /** The bubblewrap argv; {@code dieWithParent} false lets the sandbox outlive this JVM (a persisted host). */
    static List<String> sandbox(SimulatedKernel kernel, Invocation inv, Map<String, String> env, boolean dieWithParent)
            throws SandboxRefused {
        SimulatedKernel.Jail jail = inv.jail();
        Path root = jail.path();
        String hostname = (String) jail.parameters().getOrDefault("host.hostname", "");
        List<String> a = new ArrayList<>(List.of(BWRAP.toString(), "--die-with-parent", "--unshare-pid",
                "--unshare-uts", "--unshare-ipc", "--hostname", hostname.isEmpty() ? jail.name() : hostname,
                "--bind", root.toString(), "/"));
        if (!dieWithParent) {
            a.remove("--die-with-parent");
        }
        for (SimulatedKernel.Mount m : kernel.mounts()) {
            if (!m.fspath().startsWith(root) || m.fspath().equals(root)) {
                continue;
            }
            String inside = "/" + root.relativize(m.fspath());
            switch (m.fsType()) {
                case "devfs" -> a.addAll(List.of("--dev", inside));
                case "procfs", "linprocfs" -> a.addAll(List.of("--proc", inside));
                case "tmpfs" -> {
                    String mode = m.options().get("mode");
                    if (mode != null) {
                        a.addAll(List.of("--perms", mode.length() == 3 ? "0" + mode : mode));
                    }
                    a.addAll(List.of("--tmpfs", inside));
                }
                case "nullfs" -> a.addAll(List.of(m.readOnly() ? "--ro-bind" : "--bind", m.source(), inside));
                default -> {
                }
            }
        }
        String user = inv.jailUser().orElse("root");
        String[] pw = passwd(root, user).orElseThrow(() -> new SandboxRefused(
                Outcome.fail(1, "jexec: " + user + ": no such user\n")));
        a.add("--clearenv");
        if (inv.login()) {
            a.addAll(List.of("--setenv", "PATH", "/bin:/usr/bin"));
            if (env.containsKey("TERM")) {
                a.addAll(List.of("--setenv", "TERM", env.get("TERM")));
            }
        } else {
            a.addAll(List.of("--setenv", "PATH", env.getOrDefault("PATH", "/sbin:/bin:/usr/sbin:/usr/bin")));
            env.forEach((k, v) -> {
                if (!k.equals("PATH")) {
                    a.addAll(List.of("--setenv", k, v));
                }
            });
        }
        a.addAll(List.of("--setenv", "USER", pw[0], "--setenv", "HOME", pw[5], "--setenv", "SHELL", pw[6]));
        if (!pw[2].equals("0")) {
            a.addAll(List.of("--unshare-user", "--uid", pw[2], "--gid", pw[3]));
        }
        if (inv.login()) {
            if (!Files.isDirectory(root.resolve(pw[5].substring(1)))) {
                throw new SandboxRefused(Outcome.fail(1, "jexec: chdir: " + pw[5] + ": No such file or directory\n"));
            }
            a.addAll(List.of("--chdir", pw[5]));
        } else {
            a.addAll(List.of("--chdir", "/"));
        }
        a.add("--");
        a.addAll(inv.command());
        return a;
    }

    /** The jail's passwd entry of {@code user} (name or uid); root is known even without /etc/passwd. */
    private static Optional<String[]> passwd(Path root, String user) {
        Path file = root.resolve("etc/passwd");
        if (Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = line.split(":", -1);
                    if (f.length >= 7 && (f[0].equals(user) || f[2].equals(user))) {
                        return Optional.of(f);
                    }
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return user.equals("root") || user.equals("0")
                ? Optional.of(new String[] {"root", "x", "0", "0", "root", "/root", "/bin/sh"}) : Optional.empty();
    }

    /** The spawn side of the simulated host: {@code jexec ...} requests run in bubblewrap, anything else fails. */
    public static Function<SpawnRequest, SupervisedProcess> spawner(SimulatedHost host) {
        SimulatedKernel kernel = host.simulatedKernel();
        ProcessCommandRunner runner = new ProcessCommandRunner();
        Map<Integer, List<SupervisedProcess>> byJail = new ConcurrentHashMap<>();
        kernel.onRemove(jid -> {
            List<SupervisedProcess> local = byJail.getOrDefault(jid, List.of());
            for (SupervisedProcess p : local) {
                p.signal(Signal.KILL);
            }
            byJail.remove(jid);
            // sandboxes another JVM started (a persisted host): end the whole tree, as jail_remove ends a jail's
            // processes
            for (ProcessHandle h : kernel.processes(jid)) {
                if (local.stream().noneMatch(p -> p.pid() == h.pid())) {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                }
            }
        });
        return request -> {
            String program = request.program();
            if (!program.substring(program.lastIndexOf('/') + 1).equals("jexec")) {
                throw XcException.of(ErrorCode.COMMAND_FAILED, "cannot spawn '" + Command.of(request.argv())
                                .display() + "': the simulated host spawns only jexec",
                        "start processes inside jails through jexec");
            }
            Parsed p = parse(kernel, request.argv());
            if (p instanceof Parsed.Error e) {
                throw XcException.of(ErrorCode.COMMAND_FAILED, "'" + Command.of(request.argv()).display()
                        + "' failed: " + e.outcome().stderr().strip(), "check the jail and the options");
            }
            Invocation inv = ((Parsed.Ok) p).invocation();
            List<String> bwrap;
            try {
                bwrap = sandbox(kernel, inv, request.environment(), !host.isPersistent());
            } catch (SandboxRefused e) {
                throw XcException.of(ErrorCode.COMMAND_FAILED, "'" + Command.of(request.argv()).display()
                        + "' failed: " + e.outcome.stderr().strip(), "check the user and the jail's /etc/passwd");
            }
            SupervisedProcess sandboxed = new Sandboxed(runner.spawn(new SpawnRequest(bwrap, Map.of(),
                    Optional.empty(), request.stdin(), request.stdout(), request.stderr(), request.console())));
            byJail.computeIfAbsent(inv.jail().jid(), k -> new CopyOnWriteArrayList<>()).add(sandboxed);
            kernel.attachProcess(inv.jail().jid(), sandboxed.pid());
            return sandboxed;
        };
    }

    /**
     * A sandbox started earlier (by this JVM or by another one sharing the persisted host), supervised by the pid of
     * its bubblewrap; signals go to the command as for a sandbox this JVM started. Empty when it is gone.
     */
    public static Optional<SupervisedProcess> adopt(long pid) {
        return dev.xc.host.AdoptedProcess.of(pid).map(Sandboxed::new);
    }

    /**
     * A process in a sandbox: signals go to the command (the child of bubblewrap's init in the sandbox), as they
     * would to the process jexec became; bubblewrap passes the command's status on (128+N for signal N).
     */
    static final class Sandboxed implements SupervisedProcess {
        private final SupervisedProcess bwrap;
        private final java.util.Set<Integer> sent = ConcurrentHashMap.newKeySet();
        private final CompletableFuture<ProcessExit> exit;

        Sandboxed(SupervisedProcess bwrap) {
            this.bwrap = bwrap;
            this.exit = bwrap.onExit().thenApply(e -> e.signal() == 0 && e.exitCode() > 128
                    && sent.contains(e.exitCode() - 128) ? ProcessExit.killed(e.exitCode() - 128) : e);
        }

        @Override
        public long pid() {
            return bwrap.pid();
        }

        @Override
        public CompletableFuture<ProcessExit> onExit() {
            return exit.copy();
        }

        @Override
        public Optional<ProcessExit> waitFor(Duration timeout) {
            try {
                return Optional.of(exit.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void signal(Signal signal) {
            if (exit.isDone()) {
                return;
            }
            sent.add(Signals.number(signal));
            Optional<ProcessHandle> command = ProcessHandle.of(bwrap.pid()).stream()
                    .flatMap(ProcessHandle::children).flatMap(ProcessHandle::children).findFirst();
            if (command.isPresent()) {
                Signals.send(command.get().pid(), signal);
            } else {
                bwrap.signal(signal);
            }
        }

        @Override
        public Optional<Console> console() {
            return bwrap.console();
        }
    }
}
