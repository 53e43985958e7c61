package dev.xc.testkit;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.CommandRunner;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.HostInfo;
import dev.xc.api.spi.KernelCalls;
import dev.xc.api.spi.SpawnRequest;
import dev.xc.api.spi.SupervisedProcess;
import dev.xc.testkit.kernel.Interfaces;
import dev.xc.testkit.kernel.SimulatedKernel;
import dev.xc.testkit.tools.Jls;
import dev.xc.testkit.tools.Kldload;
import dev.xc.testkit.tools.Kldstat;
import dev.xc.testkit.tools.Sysctl;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A simulated FreeBSD host for tests: it reports FreeBSD host facts, has a simulated kernel ({@link #kernel()}: a
 * jail table, a mount table and network interfaces with FreeBSD's rules, see {@link SimulatedKernel}) and answers
 * commands through simulated tools registered by name ({@code zfs}, {@code pfctl}, {@code devfs}, ...). The tools
 * of the jail subsystem are built in: {@code jls}, {@code jexec}, {@code sysctl}, {@code kldstat}, {@code kldload},
 * {@code ifconfig}, {@code route} (package {@code dev.xc.testkit.tools}); a tool registered under the same name
 * replaces the built-in one. A command whose program has no simulated tool fails the way a missing program does, so
 * a backend can never pass a test by calling something unmodelled. Every command and every kernel call is recorded
 * in order ({@link #journal()}, {@link #calls()}).
 *
 * <p>Thread-safe: tools are looked up in an immutable map and the journal is synchronised. Simulated tools must be
 * thread-safe themselves.
 */
public final class SimulatedHost implements Host {

    /** A simulated program: receives the command and returns its outcome. */
    @FunctionalInterface
    public interface Tool {
        Outcome run(Command command);
    }

    /**
     * A simulated tool whose state outlives the process when the host persists ({@link Builder#persistTo}): it
     * exports its state as plain JSON values (maps with string keys, lists, strings, numbers, booleans, null) and
     * replaces its state with such a value. Implementations are thread-safe.
     */
    public interface Stateful {
        Map<String, Object> exportState();

        void importState(Map<String, Object> state);
    }

    /** What a simulated program did: exit status and output. */
    public record Outcome(int exitCode, String stdout, String stderr) {
        public Outcome {
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
        }

        public static Outcome ok(String stdout) {
            return new Outcome(0, stdout, "");
        }

        public static Outcome fail(int code, String stderr) {
            return new Outcome(code, "", stderr);
        }
    }

    private final HostInfo info;
    private final Map<String, Tool> tools;
    private final Clock clock;
    private final List<Command> journal = Collections.synchronizedList(new ArrayList<>());
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final SimulatedKernel kernel;
    private final CommandRunner runner = new CommandRunner() {
        @Override
        public CommandResult run(Command command) {
            return execute(command);
        }

        @Override
        public SupervisedProcess spawn(SpawnRequest request) {
            return SimulatedHost.this.spawn(request);
        }

        @Override
        public Optional<SupervisedProcess> adopt(long pid) {
            calls.add("$ adopt " + pid);
            return dev.xc.testkit.tools.Jexec.adopt(pid);
        }
    };
    private final Function<SpawnRequest, SupervisedProcess> spawner;
    private final Optional<HostStateFile> persisted;
    private final KernelCalls kernelCalls;

    private SimulatedHost(HostInfo info, Map<String, Tool> userTools, Clock clock, Interfaces interfaces,
                          Map<String, Function<SimulatedHost, Tool>> builtIns, Optional<Path> stateDir) {
        this.info = info;
        this.clock = clock;
        this.kernel = new SimulatedKernel(info.kernelModules(), info.release(), info.osreldate().orElse(1401000),
                interfaces, calls::add);
        Map<String, Tool> all = new LinkedHashMap<>();
        builtIns.forEach((name, factory) -> all.put(name, factory.apply(this)));
        all.putAll(userTools);
        this.tools = Map.copyOf(all);
        this.persisted = stateDir.map(dir -> {
            Map<String, Stateful> parts = new LinkedHashMap<>();
            parts.put("kernel", new Stateful() {
                @Override
                public Map<String, Object> exportState() {
                    return kernel.exportState();
                }

                @Override
                public void importState(Map<String, Object> state) {
                    kernel.importState(state);
                }
            });
            tools.forEach((name, t) -> {
                if (t instanceof Stateful st) {
                    parts.put(name, st);
                }
            });
            return new HostStateFile(dir, parts);
        });
        this.kernelCalls = persisted.isEmpty() ? kernel : new KernelCalls() {
            @Override
            public dev.xc.api.spi.KernelResult jailSet(List<dev.xc.api.spi.KernelParam> params, int flags) {
                return tx(() -> kernel.jailSet(params, flags));
            }

            @Override
            public dev.xc.api.spi.KernelResult jailGet(List<dev.xc.api.spi.KernelParam> params, int flags) {
                return tx(() -> kernel.jailGet(params, flags));
            }

            @Override
            public dev.xc.api.spi.KernelResult jailRemove(int jid) {
                return tx(() -> kernel.jailRemove(jid));
            }

            @Override
            public dev.xc.api.spi.KernelResult nmount(List<dev.xc.api.spi.KernelParam> params, int flags) {
                return tx(() -> kernel.nmount(params, flags));
            }

            @Override
            public dev.xc.api.spi.KernelResult unmount(String dir, int flags) {
                return tx(() -> kernel.unmount(dir, flags));
            }
        };
        this.spawner = dev.xc.testkit.tools.Jexec.spawner(this);
    }

    /** Runs {@code work} as one transaction on the persisted state; directly when the host lives in memory only. */
    private <T> T tx(java.util.function.Supplier<T> work) {
        return persisted.isPresent() ? persisted.get().transaction(work) : work.get();
    }

    /**
     * Whether the host's state is persisted ({@link Builder#persistTo}): then jailed processes do not die with this
     * JVM (a daemon killed with SIGKILL leaves its containers running, as on FreeBSD), and another JVM on the same
     * directory sees the same jails, mounts, interfaces, pf and devfs state.
     */
    public boolean isPersistent() {
        return persisted.isPresent();
    }

    /**
     * Reads the persisted state back if another process changed it (for tests that inspect {@link #simulatedKernel()}
     * or a tool directly); does nothing for a host in memory only.
     */
    public void refresh() {
        tx(() -> null);
    }

    /** The facts of a FreeBSD 14.1 amd64 host with ZFS, pf, VNET, the Linuxulator and DTrace loaded. */
    public static HostInfo freeBsd14() {
        return new HostInfo("FreeBSD", "14.1-RELEASE", Optional.of(1401000), "amd64",
                Set.of("kernel", "zfs", "pf", "linux64", "linux_common", "dtraceall", "if_epair", "if_bridge"),
                true, true, true, true, true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A FreeBSD 14.1 host with the built-in tools only. */
    public static SimulatedHost create() {
        return builder().build();
    }

    @Override
    public HostInfo info() {
        return info;
    }

    @Override
    public CommandRunner commands() {
        return runner;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** The simulated kernel's calls, through the SPI. */
    @Override
    public Optional<KernelCalls> kernel() {
        return Optional.of(kernelCalls);
    }

    /** The simulated kernel itself, to inspect its jails, mounts and interfaces. */
    public SimulatedKernel simulatedKernel() {
        return kernel;
    }

    /**
     * Every command (as {@code $ argv}) and kernel call ({@code jail_set(...) = 1}) so far, in order: the journal
     * tests assert on.
     */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Every command run so far, in order. */
    public List<Command> journal() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    private SupervisedProcess spawn(SpawnRequest request) {
        calls.add("$ spawn " + Command.of(request.argv()).display());
        return tx(() -> spawner.apply(request));
    }

    private CommandResult execute(Command command) {
        journal.add(command);
        calls.add("$ " + command.display());
        String program = command.program();
        String base = program.substring(program.lastIndexOf('/') + 1);
        Tool tool = tools.get(base);
        if (tool == null) {
            throw XcException.of(ErrorCode.COMMAND_FAILED,
                    "cannot run '" + command.display() + "': the simulated host has no program '" + base + "'",
                    "register a simulated '" + base + "' with SimulatedHost.builder().tool(...)");
        }
        Outcome o = tx(() -> tool.run(command));
        return new CommandResult(command, o.exitCode(), o.stdout().getBytes(StandardCharsets.UTF_8),
                o.stderr().getBytes(StandardCharsets.UTF_8), Duration.ZERO);
    }

    /** Builds a simulated host. */
    public static final class Builder {
        private HostInfo info = freeBsd14();
        private final Map<String, Tool> tools = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private Interfaces interfaces = Interfaces.standard();
        private Optional<Path> stateDir = Optional.empty();

        /**
         * Persists the kernel state and the state of {@link Stateful} tools in {@code dir} ({@code
         * simulated-host.json}, see {@link HostStateFile}): loaded when the host is built, saved after each change,
         * shared by every process that builds a host on the same directory. Without it the state lives in memory.
         */
        public Builder persistTo(Path dir) {
            this.stateDir = Optional.of(dir);
            return this;
        }

        public Builder info(HostInfo i) {
            this.info = Objects.requireNonNull(i);
            return this;
        }

        /** Registers a simulated program under its base name ({@code zfs}, not {@code /sbin/zfs}). */
        public Builder tool(String name, Tool tool) {
            if (name.contains("/")) {
                throw new IllegalArgumentException("register tools by base name, not path: " + name);
            }
            if (tools.putIfAbsent(name, Objects.requireNonNull(tool)) != null) {
                throw new IllegalStateException("tool '" + name + "' is already registered");
            }
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** The host's network interfaces; by default {@code lo0} 127.0.0.1/8 and {@code em0} 192.0.2.10/24. */
        public Builder interfaces(Interfaces i) {
            this.interfaces = Objects.requireNonNull(i);
            return this;
        }

        public SimulatedHost build() {
            Map<String, Function<SimulatedHost, Tool>> builtIns = new LinkedHashMap<>();
            builtIns.put("jls", h -> new Jls(h.kernel));
            builtIns.put("sysctl", h -> new Sysctl(h.kernel));
            builtIns.put("kldstat", h -> new Kldstat(h.kernel));
            builtIns.put("kldload", h -> new Kldload(h.kernel));
            builtIns.put("jexec", h -> new dev.xc.testkit.tools.Jexec(h.kernel));
            builtIns.put("ifconfig", h -> new dev.xc.testkit.tools.Ifconfig(h.kernel, 0));
            builtIns.put("route", h -> new dev.xc.testkit.tools.Route(h.kernel, 0));
            return new SimulatedHost(info, tools, clock, interfaces, builtIns, stateDir);
        }
    }
}
