package dev.xc.engine.internal.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.LogLine;
import dev.xc.api.container.LogOptions;
import dev.xc.api.container.RunRequest;
import dev.xc.api.container.StopOptions;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.EntryPoint;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.JailConfig;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.NetworkSpec;
import dev.xc.engine.internal.XcEngine;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.devfs.SimulatedDevfs;
import dev.xc.testkit.pf.SimulatedPfctl;
import dev.xc.testkit.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Crashes in the middle of {@code xc run}: the engine is abandoned at each journaled step (the fault hook throws an
 * {@link Error}, which apply does not catch, so nothing is undone), a new engine opens on the same state directory and
 * simulated host, reconciles, and the host is as it was before the crashed run, while a container that was running
 * beforehand is untouched and adopted.
 */
class CrashTest {

    /** Steps that the simulated host with directory storage cannot run ({@code -z} needs the ZFS backend). */
    private static final Set<String> NOT_ON_DIRECTORY_STORAGE = Set.of("dataset");

    @TempDir
    static Path shared;
    static RegistryServer registry;
    static ImageReference image;

    @BeforeAll
    static void pushImage() throws IOException {
        assumeTrue(ContainerFixture.available(), "docker-registry, bwrap and busybox are needed");
        registry = RegistryServer.builder().anonymous().start();
        JailConfig config = JailConfig.builder()
                .entryPoint("main", EntryPoint.of("/bin/sh", List.of("-c")).withDefaultArgs(List.of("exit 0")))
                .build();
        image = ContainerFixture.push(registry, "xc/crash", config,
                ContainerFixture.busyboxTree(shared.resolve("tree")));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    /** Thrown by the fault hook: an Error, so that apply's catch of RuntimeException does not undo anything. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash(String step) {
            super("crash injected at step " + step, null, false, false);
        }
    }

    /** A simulated rctl(8): {@code -a RULE}, {@code -r FILTER}, and the list with no arguments. */
    static final class Rctl implements SimulatedHost.Tool {
        final Set<String> rules = Collections.synchronizedSet(new TreeSet<>());

        @Override
        public SimulatedHost.Outcome run(dev.xc.api.spi.Command command) {
            List<String> a = command.argv();
            if (a.size() == 1) {
                return SimulatedHost.Outcome.ok(String.join("\n", rules) + (rules.isEmpty() ? "" : "\n"));
            }
            if (a.size() == 3 && a.get(1).equals("-a") && a.get(2).matches("jail:[^:]+:[a-z]+:[a-z]+=\\d+")) {
                rules.add(a.get(2));
                return SimulatedHost.Outcome.ok("");
            }
            if (a.size() == 3 && a.get(1).equals("-r")) {
                rules.removeIf(r -> r.startsWith(a.get(2) + ":"));
                return SimulatedHost.Outcome.ok("");
            }
            return SimulatedHost.Outcome.fail(1, "rctl: usage\n");
        }
    }

    /** One simulated host with its inspectable tools, and the engines opened on it. */
    static final class World implements AutoCloseable {
        final SimulatedPfctl pf = SimulatedPfctl.enabled();
        final SimulatedDevfs devfs = SimulatedDevfs.withDefaultRulesets();
        final Rctl rctl = new Rctl();
        final SimulatedHost host = SimulatedHost.builder().tool("devfs", devfs).tool("pfctl", pf)
                .tool("rctl", rctl).build();
        final Path state;
        XcEngine engine;

        World(Path dir) {
            this.state = dir.resolve("state");
            engine = ContainerFixture.engineWithImage(state, host, image);
            engine.createNetwork(new NetworkSpec("example", Cidr.parse("10.9.0.0/24"), Optional.of("em0"),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        }

        /** Abandons the current engine (as a killed daemon: nothing undone) and opens the next one. */
        XcEngine restart() {
            engine.close(); // closes the database and releases ownership; undoes nothing, stops nothing
            engine = ContainerFixture.engine(state, host);
            return engine;
        }

        /** Everything of the host a run changes, for before/after comparisons. */
        String snapshot() {
            List<String> s = new ArrayList<>();
            s.add("jails " + host.simulatedKernel().jails().stream().map(j -> j.name()).toList());
            s.add("mounts " + host.simulatedKernel().mounts().stream().map(m -> m.fsType() + " " + m.fspath())
                    .toList());
            s.add("interfaces " + host.simulatedKernel().interfaces().list());
            s.add("table " + pf.table("xc:network:example"));
            s.add("rdr " + pf.anchorRules("xc-rdr"));
            s.add("devfs " + devfs.snapshot());
            s.add("rctl " + rctl.rules);
            s.add("allocated " + engine.inspectNetwork("example").allocated());
            for (ContainerInfo c : engine.containers()) {
                try {
                    s.add("hosts of " + c.name() + ": " + Files.readString(c.root().resolve("etc/hosts")));
                } catch (IOException e) {
                    s.add("hosts of " + c.name() + ": " + e);
                }
            }
            return String.join("\n", s);
        }

        @Override
        public void close() {
            for (ContainerInfo c : engine.containers()) {
                try {
                    engine.removeContainer(c.id(), true);
                } catch (RuntimeException e) {
                    // best effort
                }
            }
            engine.close();
        }
    }

    private static RunRequest.Builder sh(String name, String script, String port) {
        return RunRequest.builder(image).name(name).network("example").netGroup("example").publish(port + ":80")
                .limit("memoryuse=64M")
                .entryPoint("/bin/sh", List.of("-c", script));
    }

    /** The step kinds apply journals, read from its source, so that a new step is covered (or fails this test). */
    private static Set<String> stepsInSource() throws IOException {
        String src = Files.readString(Path.of("src/main/java/dev/xc/engine/internal/container/Containers.java"));
        Matcher m = Pattern.compile("step\\(id, \"([a-z-]+)\"").matcher(src);
        Set<String> out = new LinkedHashSet<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> aCrashAtEachJournaledStepLeavesNothingAndTouchesNothingElse(@TempDir Path dir)
            throws IOException {
        // the steps a run with every feature the simulated host has journals, in order
        List<String> steps;
        try (World w = new World(dir.resolve("probe"))) {
            ContainerInfo probe = w.engine.run(sh("probe", "exit 0", "8081").build(), EventListener.NONE);
            steps = w.engine.containerService().journal(probe.id()).stream().map(s -> s.substring(0, s.indexOf(':')))
                    .filter(s -> !s.equals(Reconciler.APPLY)).toList();
        }
        Set<String> source = stepsInSource();
        assertTrue(source.size() >= 11, source::toString);
        for (String s : source) {
            assertTrue(steps.contains(s) || NOT_ON_DIRECTORY_STORAGE.contains(s),
                    "step " + s + " of apply() is not exercised by this test: " + steps);
        }
        assertEquals(List.of("address", "rootfs", "devfs", "alias", "jail", "rctl", "pf-table", "rdr", "files",
                "netgroup", "process"), steps);
        return steps.stream().map(step -> DynamicTest.dynamicTest("crash at " + step,
                () -> crashAt(step, dir.resolve("crash-" + step))));
    }

    private void crashAt(String step, Path dir) {
        try (World w = new World(dir)) {
            ContainerInfo healthy = w.engine.run(sh("healthy", "echo up; sleep 300", "8080").build(),
                    EventListener.NONE);
            String before = w.snapshot();

            w.engine.containerService().beforeStep = s -> {
                if (s.equals(step)) {
                    throw new Crash(s);
                }
            };
            assertThrows(Crash.class, () -> w.engine.run(sh("crash", "sleep 300", "9090").build(),
                    EventListener.NONE));
            ContainerStore.Row crashed = w.engine.containerService().store().findByName("crash").orElseThrow();
            assertTrue(w.engine.containerService().journal(crashed.id()).contains(step + ":pending"),
                    w.engine.containerService().journal(crashed.id())::toString);

            XcEngine next = w.restart();
            List<String> report = next.info().warnings().stream().filter(l -> l.startsWith("reconcile:")).toList();
            assertEquals(List.of("reconcile: container healthy (" + healthy.id() + ") kept running while no daemon "
                    + "ran: adopted (pid " + healthy.mainProcess().orElseThrow().pid() + ")",
                    "reconcile: container crash (" + crashed.id() + ") was interrupted at step " + step
                    + ": its steps were undone and it was removed, as a failed run is"), report);

            XcException gone = assertThrows(XcException.class, () -> next.inspectContainer("crash"));
            assertEquals(ErrorCode.CONTAINER_NOT_FOUND, gone.code());
            assertTrue(crashed.root().isEmpty() || !Files.exists(Path.of(crashed.root())), crashed.root());
            assertFalse(Files.exists(w.state.resolve("containers").resolve(crashed.id())));
            assertEquals(before, w.snapshot(), "the host is as it was before the crashed run");

            ContainerInfo h = next.inspectContainer("healthy");
            assertEquals("running", h.state().id());
            assertTrue(next.containerService().mains.containsKey(healthy.id()), "healthy is supervised again");
            assertTrue(next.containerService().reconcile().isEmpty(), "reconcile is idempotent");

            ContainerInfo killed = next.kill("healthy", StopOptions.kill());
            assertEquals("exited", killed.state().id());
            assertTrue(w.host.simulatedKernel().jails().isEmpty());
            assertEquals(0, next.inspectNetwork("example").allocated());
            assertEquals(List.of(), w.pf.table("xc:network:example"));
            assertEquals(List.of(), w.rctl.rules.stream().toList());
        }
    }

    @Test
    void aContainerThatKeptRunningIsAdoptedKeepsLoggingAndItsExitTearsItDown(@TempDir Path dir) {
        try (World w = new World(dir)) {
            ContainerInfo c = w.engine.run(sh("web", "echo one; while [ ! -e /tmp/go ]; do sleep 0.1; done; echo two", "8080").build(),
                    EventListener.NONE);
            ContainerFixture.await("the first line", () -> logs(w.engine, c.id()).equals("one"));
            XcEngine next = w.restart();
            assertEquals("running", next.inspectContainer("web").state().id());
            // the process goes on writing its log without any engine, then exits under the new engine
            try {
                Files.writeString(Path.of(c.root().toString(), "tmp/go"), "\n");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            ContainerInfo done = ContainerFixture.awaitState(next, c.id(), "exited");
            assertEquals("one\ntwo", logs(next, c.id()));
            assertEquals(Optional.empty(), done.exitCode(), "an adopted process's status is unknown");
            assertTrue(done.mainProcess().orElseThrow().exited().isPresent());
            assertTrue(w.host.simulatedKernel().jails().isEmpty(), "the usual teardown ran");
            assertEquals(0, next.inspectNetwork("example").allocated());
            assertEquals(List.of(), w.pf.anchorRules("xc-rdr"));
        }
    }

    @Test
    void aMainThatEndedWhileNoEngineRanIsTornDown(@TempDir Path dir) {
        try (World w = new World(dir)) {
            ContainerInfo c = w.engine.run(sh("quick", "sleep 300", "8080").build(), EventListener.NONE);
            w.engine.close();
            // the process ends while no engine runs (the old engine's supervisor is gone with its workers)
            ProcessHandle.of(c.mainProcess().orElseThrow().pid()).orElseThrow().descendants()
                    .forEach(ProcessHandle::destroyForcibly);
            ContainerFixture.await("the main process to end",
                    () -> ProcessHandle.of(c.mainProcess().orElseThrow().pid()).isEmpty()
                            || !ProcessHandle.of(c.mainProcess().orElseThrow().pid()).get().isAlive());
            w.engine = ContainerFixture.engine(w.state, w.host);
            assertTrue(w.engine.info().warnings().contains("reconcile: container quick (" + c.id() + ") main process "
                    + "ended while no daemon ran: torn down"), w.engine.info().warnings()::toString);
            assertEquals("exited", w.engine.inspectContainer("quick").state().id());
            assertTrue(w.host.simulatedKernel().jails().isEmpty());
            assertEquals(0, w.engine.inspectNetwork("example").allocated());
        }
    }

    @Test
    void aContainerWhoseJailVanishedIsCleanedUpAndExited(@TempDir Path dir) {
        try (World w = new World(dir)) {
            ContainerInfo c = w.engine.run(sh("lost", "sleep 300", "8080").build(), EventListener.NONE);
            w.engine.close();
            // the host "rebooted": the jail and its processes are gone, the rest (table, alias, ...) is left over
            int jid = w.host.simulatedKernel().jail("lost").orElseThrow().jid();
            w.host.simulatedKernel().jailRemove(jid);
            w.engine = ContainerFixture.engine(w.state, w.host);
            assertTrue(w.engine.info().warnings().contains("reconcile: container lost (" + c.id() + ") lost its jail "
                    + "(the host restarted?): what was left was torn down"), w.engine.info().warnings()::toString);
            assertEquals("exited", w.engine.inspectContainer("lost").state().id());
            assertEquals(List.of(), w.pf.table("xc:network:example"));
            assertEquals(0, w.engine.inspectNetwork("example").allocated());
            assertEquals(List.of(), w.rctl.rules.stream().toList());
        }
    }

    @Test
    void aRunInterruptedAfterItsMainStartedIsAdopted(@TempDir Path dir) {
        try (World w = new World(dir)) {
            ContainerInfo c = w.engine.run(sh("late", "sleep 300", "8080").build(), EventListener.NONE);
            // as if the crash came after the spawn, before the process step and the run were marked done
            ContainerStore store = w.engine.containerService().store();
            for (ContainerStore.Entry e : store.journal(c.id())) {
                if (e.step().equals("process") || e.step().equals(Reconciler.APPLY)) {
                    store.journalMark(e.id(), "pending");
                }
            }
            XcEngine next = w.restart();
            assertTrue(next.info().warnings().contains("reconcile: container late (" + c.id() + ") was interrupted "
                    + "after its main process started: adopted (pid " + c.mainProcess().orElseThrow().pid() + ")"),
                    next.info().warnings()::toString);
            assertEquals("running", next.inspectContainer("late").state().id());
            assertTrue(next.containerService().journal(c.id()).stream().noneMatch(s -> s.endsWith(":pending")));
        }
    }

    @Test
    void anEngineBesideALiveOwnerDoesNotReconcile(@TempDir Path dir) {
        try (World w = new World(dir)) {
            w.engine.containerService().beforeStep = s -> {
                if (s.equals("jail")) {
                    throw new Crash(s);
                }
            };
            assertThrows(Crash.class, () -> w.engine.run(sh("inflight", "sleep 300", "8080").build(),
                    EventListener.NONE));
            // the first engine is alive and owns the state: a second one (xc --embedded beside xcd) keeps off
            try (XcEngine second = ContainerFixture.engine(w.state, w.host)) {
                assertTrue(second.info().warnings().stream().noneMatch(l -> l.startsWith("reconcile:")));
                assertEquals("created", second.inspectContainer("inflight").state().id());
            }
            XcEngine next = w.restart();
            assertTrue(next.info().warnings().stream().anyMatch(l -> l.startsWith("reconcile: container inflight")));
            assertTrue(next.containers().isEmpty());
        }
    }

    private static String logs(XcEngine e, String id) {
        List<LogLine> lines = new ArrayList<>();
        e.logs(id, LogOptions.all(), lines::add);
        return String.join("\n", lines.stream().map(LogLine::text).toList());
    }
}
