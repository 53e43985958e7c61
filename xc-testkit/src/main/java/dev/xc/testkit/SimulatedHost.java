package dev.xc.testkit;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.CommandRunner;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.HostInfo;

import java.nio.charset.StandardCharsets;
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

/**
 * A simulated FreeBSD host for tests: it reports FreeBSD host facts and answers commands through simulated tools
 * registered by name ({@code zfs}, {@code pfctl}, {@code devfs}, ...). A command whose program has no simulated tool
 * fails the way a missing program does, so a backend can never pass a test by calling something unmodelled.
 * Every command is recorded in order for assertions.
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
    private final CommandRunner runner = this::execute;

    private SimulatedHost(HostInfo info, Map<String, Tool> tools, Clock clock) {
        this.info = info;
        this.tools = Map.copyOf(tools);
        this.clock = clock;
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

    /** A FreeBSD 14.1 host with no simulated tools. */
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

    /** Every command run so far, in order. */
    public List<Command> journal() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }

    private CommandResult execute(Command command) {
        journal.add(command);
        String program = command.program();
        String base = program.substring(program.lastIndexOf('/') + 1);
        Tool tool = tools.get(base);
        if (tool == null) {
            throw XcException.of(ErrorCode.COMMAND_FAILED,
                    "cannot run '" + command.display() + "': the simulated host has no program '" + base + "'",
                    "register a simulated '" + base + "' with SimulatedHost.builder().tool(...)");
        }
        Outcome o = tool.run(command);
        return new CommandResult(command, o.exitCode(), o.stdout().getBytes(StandardCharsets.UTF_8),
                o.stderr().getBytes(StandardCharsets.UTF_8), Duration.ZERO);
    }

    /** Builds a simulated host. */
    public static final class Builder {
        private HostInfo info = freeBsd14();
        private final Map<String, Tool> tools = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();

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

        public SimulatedHost build() {
            return new SimulatedHost(info, tools, clock);
        }
    }
}
