package dev.xc.engine.internal.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.Problem;
import dev.xc.api.XcException;
import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.LogLine;
import dev.xc.api.container.LogOptions;
import dev.xc.api.container.RunPlan;
import dev.xc.api.container.RunRequest;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.EntryPoint;
import dev.xc.api.image.EnvSpec;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.PullRequest;
import dev.xc.api.image.VolumeSpec;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.NetworkSpec;
import dev.xc.engine.internal.XcEngine;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.xc.engine.internal.container.ContainerFixture.awaitState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code xc run} end to end on the simulated FreeBSD host: plan, checks, apply, supervision, teardown. */
class RunTest {

    @TempDir
    static Path shared;
    static RegistryServer registry;
    static ImageReference image;

    @TempDir
    Path tmp;
    SimulatedHost host;
    XcEngine engine;

    @BeforeAll
    static void pushImage() throws IOException {
        assumeTrue(ContainerFixture.available(), "docker-registry, bwrap and busybox are needed");
        registry = RegistryServer.builder().anonymous().start();
        JailConfig config = JailConfig.builder()
                .env("GREETING", EnvSpec.withDefault("hello"))
                .env("DB_PASSWORD", new EnvSpec(Optional.of("password of the database"), true, Optional.empty()))
                .entryPoint("main", EntryPoint.of("/bin/sh", List.of("-c")).withDefaultArgs(
                        List.of("echo $GREETING from main")))
                .mount("data", new VolumeSpec("the data", "/data", Map.of(), false, false))
                .build();
        image = ContainerFixture.push(registry, "xc/busybox", config,
                ContainerFixture.busyboxTree(shared.resolve("tree")));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void engine() {
        host = ContainerFixture.host();
        engine = ContainerFixture.engineWithImage(tmp.resolve("state"), host, image);
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        if (engine != null) {
            for (ContainerInfo c : engine.containers()) {
                engine.removeContainer(c.id(), true);
            }
            engine.close();
        }
    }

    private RunRequest.Builder sh(String script) {
        return RunRequest.builder(image).env("DB_PASSWORD", "secret").entryPoint("/bin/sh", List.of("-c", script));
    }

    private String logs(String id) {
        List<LogLine> lines = new ArrayList<>();
        engine.logs(id, LogOptions.all(), lines::add);
        return String.join("\n", lines.stream().map(LogLine::text).toList());
    }

    @Test
    void runsMainRecordsItsExitStatusAndTearsDown() {
        ContainerInfo c = engine.run(sh("echo hi; exit 3").name("hi").build(), EventListener.NONE);
        assertEquals(12, c.id().length());
        assertTrue(c.id().matches("[0-9a-f]{12}"), c.id());
        ContainerInfo done = awaitState(engine, c.id(), "exited");
        assertEquals(Optional.of(3), done.exitCode());
        assertEquals(Optional.of(3), done.mainProcess().orElseThrow().exitCode());
        assertEquals("hi", logs(c.id()));
        assertTrue(host.simulatedKernel().jail("hi").isEmpty(), "the jail is removed");
        assertFalse(Files.exists(c.root()), "the root is removed");
        assertTrue(engine.containerService().journal(c.id()).stream().allMatch(s -> s.endsWith(":undone")),
                engine.containerService().journal(c.id())::toString);
        assertEquals(List.of(), host.simulatedKernel().mounts());
    }

    @Test
    void theEnvironmentHasImageDefaultsRequestValuesAndXcVariables() {
        ContainerInfo c = engine.run(sh("echo \"$GREETING $EXTRA $DB_PASSWORD $XC_ID\"").env("EXTRA", "x").build(),
                EventListener.NONE);
        awaitState(engine, c.id(), "exited");
        assertEquals("hello x secret " + c.id(), logs(c.id()));
    }

    @Test
    void userArgumentsOfANamedEntryPointReplaceItsDefaultArguments() {
        ContainerInfo c = engine.run(RunRequest.builder(image).env("DB_PASSWORD", "s")
                .entryPoint("main", List.of("echo replaced")).build(), EventListener.NONE);
        awaitState(engine, c.id(), "exited");
        assertEquals("replaced", logs(c.id()));
        ContainerInfo d = engine.run(RunRequest.builder(image).env("DB_PASSWORD", "s").build(), EventListener.NONE);
        awaitState(engine, d.id(), "exited");
        assertEquals("hello from main", logs(d.id()));
    }

    @Test
    void aManagedNetworkAddressIsAJailParameterAndATableEntry() {
        engine.createNetwork(new NetworkSpec("example", Cidr.parse("10.9.0.0/24"), Optional.of("em0"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        ContainerInfo c = engine.run(sh("echo $XC_MAIN_IP; sleep 30").name("web").network("example").build(),
                EventListener.NONE);
        assertEquals("10.9.0.1/24", c.mainAddress().orElseThrow().address().toString());
        assertEquals(List.of("10.9.0.1"), host.simulatedKernel().jail("web").orElseThrow().addresses().stream()
                .map(a -> a.getHostAddress()).toList());
        ContainerFixture.await("the log", () -> logs(c.id()).equals("10.9.0.1"));
        assertEquals(List.of("web"), engine.inspectNetwork("example").containers().stream()
                .map(id -> engine.inspectContainer(id).name()).toList());
        ContainerInfo killed = engine.kill("web", dev.xc.api.container.StopOptions.kill());
        assertEquals("exited", killed.state().id());
        assertTrue(host.simulatedKernel().jail("web").isEmpty());
        assertEquals(0, engine.inspectNetwork("example").allocated(), "the address is released");
    }

    @Test
    void devfsRulesThatExposeDevicesWaitForApproval() throws IOException {
        JailConfig config = JailConfig.builder().devfsRule("path 'bpf*' unhide").build();
        ImageReference bpf = ContainerFixture.push(registry, "xc/bpf", config,
                ContainerFixture.busyboxTree(tmp.resolve("bpf-tree")));
        engine.pull(PullRequest.of(bpf), EventListener.NONE);
        RunRequest.Builder req = RunRequest.builder(bpf).entryPoint("/bin/sh", List.of("-c", "exit 0")).name("b");
        RunPlan refused = engine.plan(req.build());
        assertEquals(List.of("path 'bpf*' unhide"), refused.devfsApprovals());
        assertTrue(refused.problems().stream().anyMatch(p -> p.code() == dev.xc.api.ErrorCode.APPROVAL_REQUIRED
                && p.message().startsWith("devfs rule 'path 'bpf*' unhide' of the image needs approval")),
                refused.problems()::toString);
        dev.xc.api.XcException e = org.junit.jupiter.api.Assertions.assertThrows(dev.xc.api.XcException.class,
                () -> engine.run(req.build(), EventListener.NONE));
        assertEquals(dev.xc.api.ErrorCode.SANITY_CHECK_FAILED, e.code());
        assertTrue(host.simulatedKernel().jails().isEmpty(), "nothing was created");

        RunPlan approved = engine.plan(req.approveDevfsRule("path 'bpf*' unhide").build());
        assertTrue(approved.devfsApprovals().isEmpty());
        assertTrue(approved.isRunnable(), approved.problems()::toString);
    }

    @Test
    void planIsPureAndDescribesTheRun() {
        RunPlan plan = engine.plan(sh("echo hi").name("p").build());
        assertTrue(plan.isRunnable(), plan.problems()::toString);
        List<String> kinds = plan.steps().stream().map(s -> s.kind()).toList();
        assertTrue(kinds.containsAll(List.of("image", "devfs", "rootfs", "jail", "mount", "resolv.conf", "hosts",
                "env", "process")), kinds::toString);
        assertEquals("p", plan.steps().stream().filter(s -> s.kind().equals("jail")).findFirst().orElseThrow()
                .details().get("name"));
        assertEquals(List.of(), engine.containers(), "planning creates nothing");
        assertTrue(host.simulatedKernel().jails().isEmpty());
    }

    @Test
    void eachSanityCheckAloneAndAllAtOnce() {
        engine.createNetwork(new NetworkSpec("example", Cidr.parse("10.9.0.0/24"), Optional.of("em0"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        ContainerInfo holder = engine.run(sh("sleep 30").name("holder").network("example|10.9.0.7")
                .publish("8080:80").build(), EventListener.NONE);

        assertProblems(RunRequest.builder(image).entryPoint("/bin/true", List.of()).build(),
                "missing required environment variable: DB_PASSWORD - password of the database");
        assertProblems(sh("true").network("nowhere").build(), "no such network: nowhere");
        assertProblems(sh("true").network("example|10.9.0.7").build(),
                "address 10.9.0.7 already consumed on network example by container " + holder.id());
        assertProblems(sh("true").network("example").publish("8080:80").build(),
                "port 8080:80 is already published by container holder (8080:80)");
        assertProblems(sh("true").name("holder").build(),
                "container name 'holder' is already used by container " + holder.id());
        assertProblems(sh("true").volume("/no/such/dir:/data").build(),
                "source mount point does not exist: /no/such/dir");

        List<Problem> all = problems(RunRequest.builder(image).name("holder").network("nowhere")
                .entryPoint("/bin/true", List.of()).build());
        assertEquals(3, all.size(), all::toString);
        XcException e = assertThrows(XcException.class, () -> engine.run(RunRequest.builder(image).name("holder")
                .network("nowhere").entryPoint("/bin/true", List.of()).build(), EventListener.NONE));
        assertEquals(ErrorCode.SANITY_CHECK_FAILED, e.code());
        assertEquals(3, e.problems().size());
        assertTrue(e.getMessage().startsWith("the checks before the run found 3 problems"), e.getMessage());
        assertEquals(1, engine.containers().size(), "nothing was created");
    }

    @Test
    void aLinuxImageNeedsTheLinuxulatorAndVnetNeedsVnet() throws IOException {
        SimulatedHost bare = SimulatedHost.builder().info(new dev.xc.api.spi.HostInfo("FreeBSD", "14.1-RELEASE",
                Optional.of(1401000), "amd64", java.util.Set.of("kernel"), true, true, false, false, true)).build();
        try (XcEngine e = ContainerFixture.engineWithImage(tmp.resolve("bare"), bare, image)) {
            List<Problem> p = e.plan(sh("true").vnet(true).build()).problems();
            assertEquals(List.of("VNET is requested (--vnet) but this host's kernel has no VNET"),
                    p.stream().map(Problem::message).toList());
        }
    }

    private List<Problem> problems(RunRequest r) {
        return engine.plan(r).problems();
    }

    private void assertProblems(RunRequest r, String... messages) {
        assertEquals(List.of(messages), problems(r).stream().map(Problem::message).toList());
        XcException e = assertThrows(XcException.class, () -> engine.run(r, EventListener.NONE));
        assertEquals(ErrorCode.SANITY_CHECK_FAILED, e.code());
    }

    @Test
    void aFailureAtEachStepLeavesNothingBehind() {
        engine.createNetwork(new NetworkSpec("example", Cidr.parse("10.9.0.0/24"), Optional.of("em0"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        List<String> steps = List.of("address", "rootfs", "devfs", "alias", "jail", "pf-table", "rdr", "files",
                "process");
        for (String step : steps) {
            engine.containerService().beforeStep = s -> {
                if (s.equals(step)) {
                    throw new IllegalStateException("injected failure at " + s);
                }
            };
            RuntimeException e = assertThrows(RuntimeException.class, () -> engine.run(sh("sleep 30").name("f")
                    .network("example").publish("8080:80").build(), EventListener.NONE), step);
            assertEquals("injected failure at " + step, e.getMessage());
            assertEquals(List.of(), engine.containers(), step);
            assertTrue(host.simulatedKernel().jails().isEmpty(), step);
            assertEquals(List.of(), host.simulatedKernel().mounts(), step);
            assertEquals(0, engine.inspectNetwork("example").allocated(), step);
            assertEquals(List.of(), rootsLeft(), step);
            assertEquals(List.of("192.0.2.10/24"), host.simulatedKernel().interfaces().get(0, "em0").orElseThrow()
                    .addresses(), step);
            assertEquals(0, pendingJournal(), step);
            assertTrue(engine.devfs().orElseThrow().leases().isEmpty(), step);
        }
        engine.containerService().beforeStep = s -> { };
        ContainerInfo ok = engine.run(sh("sleep 30").name("f").network("example").build(), EventListener.NONE);
        assertEquals("running", ok.state().id());
    }

    private List<Path> rootsLeft() {
        try (var s = Files.walk(tmp.resolve("state"), 3)) {
            return s.filter(p -> p.getFileName().toString().matches("[0-9a-f]{12}")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private int pendingJournal() {
        return engine.containerService().store().pendingEntries();
    }

    @Test
    void psKillAndRemoveAcrossEngineInstances() {
        ContainerInfo c = engine.run(sh("sleep 30").name("long").build(), EventListener.NONE);
        assertEquals("running", c.state().id());
        assertTrue(c.jid().isPresent());
        try (XcEngine other = ContainerFixture.engine(tmp.resolve("state"), host)) {
            assertEquals(List.of("long"), other.containers().stream().map(ContainerInfo::name).toList());
            assertEquals(c.id(), other.inspectContainer(String.valueOf(c.jid().get())).id(), "found by jail id");
            XcException busy = assertThrows(XcException.class, () -> other.removeContainer("long", false));
            assertEquals(ErrorCode.RESOURCE_BUSY, busy.code());
            ContainerInfo k = other.kill("long", dev.xc.api.container.StopOptions.kill());
            assertEquals("exited", k.state().id());
            assertTrue(host.simulatedKernel().jail("long").isEmpty());
            other.removeContainer("long", false);
        }
        XcException gone = assertThrows(XcException.class, () -> engine.inspectContainer("long"));
        assertEquals(ErrorCode.CONTAINER_NOT_FOUND, gone.code());
        assertEquals("no such container: long", gone.getMessage());
    }

    @Test
    void removeForceKillsARunningContainer() {
        ContainerInfo c = engine.run(sh("sleep 30").name("f").build(), EventListener.NONE);
        engine.removeContainer(c.id(), true);
        assertEquals(List.of(), engine.containers());
        assertTrue(host.simulatedKernel().jails().isEmpty());
        assertFalse(Files.exists(c.root()));
    }

    @Test
    void restartPolicyOnFailureRestartsUpToItsLimit() {
        ContainerInfo c = engine.run(sh("echo run; exit 4").restart("on-failure:2").build(), EventListener.NONE);
        ContainerInfo done = awaitState(engine, c.id(), "exited");
        assertEquals(2, done.restarts());
        assertEquals(Optional.of(4), done.exitCode());
        assertEquals("run\nrun\nrun", logs(c.id()), "the first run and two restarts append to the log");
    }

    @Test
    void execRunsInTheJailWithItsOwnStreamsAndStatus() {
        ContainerInfo c = engine.run(sh("sleep 30").name("x").build(), EventListener.NONE);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = engine.exec(new dev.xc.api.container.ExecRequest("x", List.of("/bin/sh", "-c",
                        "echo out $K $XC_ID; hostname; echo err >&2; exit 5"), Map.of("K", "v"), Optional.empty(),
                        Optional.empty(), Optional.empty(), false, false),
                java.io.InputStream.nullInputStream(), out, err);
        assertEquals(5, code);
        assertEquals("out v " + c.id() + "\nx\n", out.toString());
        assertEquals("err\n", err.toString());
        assertTrue(engine.inspectContainer("x").processes().stream().anyMatch(p -> p.label().startsWith("exec-")
                && p.exitCode().equals(Optional.of(5))));
        engine.kill("x", dev.xc.api.container.StopOptions.kill());
        XcException stopped = assertThrows(XcException.class, () -> engine.exec(dev.xc.api.container.ExecRequest.of(
                "x", List.of("/bin/true")), java.io.InputStream.nullInputStream(), out, err));
        assertEquals(ErrorCode.RESOURCE_BUSY, stopped.code());
    }

    @Test
    void logsFollowUntilTheContainerStopsAndTailLimits() {
        ContainerInfo c = engine.run(sh("for i in 1 2 3; do echo line $i; sleep 0.2; done; echo oops >&2")
                .build(), EventListener.NONE);
        List<LogLine> lines = new ArrayList<>();
        engine.logs(c.id(), new LogOptions(true, Optional.empty(), true, true), lines::add);
        assertEquals(List.of("line 1", "line 2", "line 3", "oops"), lines.stream().map(LogLine::text).toList());
        assertEquals(LogLine.STDERR, lines.getLast().stream());
        List<LogLine> tail = new ArrayList<>();
        engine.logs(c.id(), new LogOptions(false, Optional.of(1), true, false), tail::add);
        assertEquals(List.of("line 3"), tail.stream().map(LogLine::text).toList());
    }

    @Test
    void createThenStartRunsMainLater() {
        ContainerInfo c = engine.create(sh("echo started").name("later").createOnly(true).build(),
                EventListener.NONE);
        assertEquals("created", c.state().id());
        assertTrue(c.jid().isPresent(), "the jail exists");
        assertTrue(c.processes().isEmpty());
        engine.start("later");
        ContainerInfo done = awaitState(engine, c.id(), "exited");
        assertEquals(Optional.of(0), done.exitCode());
        assertEquals("started", logs(c.id()));
    }
}
