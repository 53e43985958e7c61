package dev.xc.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xc.api.Engine;
import dev.xc.api.EngineOptions;
import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.LogOptions;
import dev.xc.api.container.RunRequest;
import dev.xc.api.container.StopOptions;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.PullRequest;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.NetworkSpec;
import dev.xc.client.RemoteEngineFactory;
import dev.xc.image.Compression;
import dev.xc.image.LayerBuilder;
import dev.xc.image.XcImageConfig;
import dev.xc.registry.BlobSource;
import dev.xc.registry.Descriptor;
import dev.xc.registry.Manifest;
import dev.xc.registry.MediaTypes;
import dev.xc.registry.RegistryClient;
import dev.xc.testkit.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real crashes of {@code xcd} on the assembled module path, with the simulated host persisted in the daemon's state
 * directory: a daemon halted in the middle of {@code run} (the test-only {@code XC_FAULT_HALT_AT} hook, which halts
 * the JVM as SIGKILL would) leaves nothing once the next daemon has reconciled; a daemon killed with SIGKILL leaves
 * its containers running, and the next daemon adopts them, with the logs written meanwhile.
 */
class DaemonCrashTest {

    private static final Path MODULES = Path.of(System.getProperty("xc.modules", "target/modules"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static RegistryServer registry;
    static ImageReference image;

    @TempDir
    Path tmp;
    final List<Process> daemons = new ArrayList<>();

    @BeforeAll
    static void pushImage() throws IOException {
        assumeTrue(RegistryServer.isAvailable(), "docker-registry is not installed");
        assumeFalse(System.getProperty("os.name").equals("FreeBSD"), "runs on the simulated host");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")) && Files.isExecutable(Path.of("/bin/busybox")),
                "needs bubblewrap and busybox");
        registry = RegistryServer.builder().anonymous().start();
        Path root = shared.resolve("tree");
        for (String d : List.of("bin", "etc", "root", "tmp", "dev")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String applet : List.of("sh", "echo", "sleep", "true")) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.writeString(root.resolve("etc/passwd"), "root:*:0:0:Charlie &:/root:/bin/sh\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var layer = LayerBuilder.create(Compression.GZIP).full(root, out);
        byte[] cfg = XcImageConfig.writeImageConfig(JailConfig.empty(), "amd64", List.of(layer.diffId()));
        image = ImageReference.parse(registry.host() + "/dist/crash:1");
        try (RegistryClient c = RegistryClient.builder().insecure(registry.host()).build()) {
            c.pushBlob(image, BlobSource.of(layer.mediaType(), out.toByteArray()), Optional.empty());
            c.pushBlob(image, BlobSource.of(MediaTypes.OCI_CONFIG, cfg), Optional.empty());
            c.pushManifest(image, Manifest.image(MediaTypes.OCI_MANIFEST,
                    Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(cfg), cfg.length),
                    List.of(Descriptor.of(layer.mediaType(), layer.digest(), layer.size()))));
        }
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @org.junit.jupiter.api.AfterEach
    void stopEverything() throws IOException {
        daemons.forEach(Process::destroyForcibly);
        // sandboxes outlive their daemon by design: end any a failed test left behind
        Path file = tmp.resolve("state/host/simulated-host.json");
        if (Files.exists(file)) {
            JSON.readTree(file.toFile()).path("kernel").path("processes").forEach(list -> list.forEach(p ->
                    ProcessHandle.of(p.get(0).asLong()).ifPresent(h -> {
                        h.descendants().forEach(ProcessHandle::destroyForcibly);
                        h.destroyForcibly();
                    })));
        }
    }

    /** Starts xcd on {@code tmp/state} with {@code env} added; returns once it listens. */
    private Process xcd(Path socket, Map<String, String> env) throws Exception {
        Path log = tmp.resolve("xcd-" + daemons.size() + ".log");
        ProcessBuilder pb = new ProcessBuilder(JAVA, "--enable-native-access=ALL-UNNAMED", "--module-path",
                MODULES.toString(), "-m", "dev.xc.server/dev.xc.server.Xcd", "--state-dir", tmp.resolve("state").toString(), "--socket",
                socket.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Files.deleteIfExists(socket);
        Process p = pb.start();
        daemons.add(p);
        await("xcd to listen: " + log, () -> Files.exists(socket) || !p.isAlive());
        assertTrue(p.isAlive(), () -> "xcd exited: " + read(log));
        return p;
    }

    private static Engine remote(Path socket) {
        return new RemoteEngineFactory().open(EngineOptions.defaults().withSocketPath(socket));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private JsonNode persistedKernel() throws IOException {
        return JSON.readTree(tmp.resolve("state/host/simulated-host.json").toFile()).path("kernel");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static NetworkSpec example() {
        return new NetworkSpec("example", Cidr.parse("10.9.0.0/24"), Optional.of("em0"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static List<String> logs(Engine e, String id) {
        List<String> lines = new ArrayList<>();
        e.logs(id, LogOptions.all(), l -> lines.add(l.text()));
        return lines;
    }

    @Test
    void aDaemonHaltedAtTheJailStepLeavesNothingAfterTheNextStart() throws Exception {
        Path sock = tmp.resolve("xc.sock");
        Process first = xcd(sock, Map.of("XC_FAULT_HALT_AT", "jail"));
        try (Engine e = remote(sock)) {
            e.pull(PullRequest.of(image), EventListener.NONE);
            e.createNetwork(example());
            assertThrows(RuntimeException.class, () -> e.run(RunRequest.builder(image).name("doomed")
                    .network("example").entryPoint("/bin/sh", List.of("-c", "sleep 300")).build(),
                    EventListener.NONE));
        }
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, first.exitValue(), "the daemon halted as a SIGKILL would stop it");
        // the crash left its address alias behind on the host, and no jail (the jail step never ran)
        String em0Before = persistedKernel().path("interfaces").toString();
        assertTrue(em0Before.contains("10.9.0.1/32"), em0Before);
        assertEquals(0, persistedKernel().path("jails").size());

        xcd(sock, Map.of());
        assertTrue(read(tmp.resolve("xcd-1.log")).contains("reconcile: container doomed ("),
                () -> read(tmp.resolve("xcd-1.log")));
        try (Engine e = remote(sock)) {
            List<String> reconciled = e.info().warnings().stream().filter(w -> w.startsWith("reconcile:")).toList();
            assertEquals(1, reconciled.size(), reconciled::toString);
            assertTrue(reconciled.getFirst().matches("reconcile: container doomed \\([0-9a-f]{12}\\) was interrupted "
                    + "at step jail: its steps were undone and it was removed, as a failed run is"), reconciled::toString);
            assertEquals(List.of(), e.containers(), "the interrupted container is gone");
            assertEquals(0, e.inspectNetwork("example").allocated(), "its address is free");
            JsonNode kernel = persistedKernel();
            assertEquals(0, kernel.path("jails").size());
            assertEquals(0, kernel.path("mounts").size());
            assertFalse(kernel.path("interfaces").toString().contains("10.9.0.1"), kernel.toString());
            assertTrue(JSON.readTree(tmp.resolve("state/host/simulated-host.json").toFile()).path("devfs")
                    .path("rulesets").size() <= 5, "no devfs ruleset of the container is left");

            // the next run takes the freed address
            ContainerInfo c = e.run(RunRequest.builder(image).name("after").network("example")
                    .entryPoint("/bin/sh", List.of("-c", "true")).build(), EventListener.NONE);
            assertEquals("10.9.0.1/24", c.mainAddress().orElseThrow().address().toString());
        }
    }

    @Test
    void aContainerOfAKilledDaemonIsAdoptedByTheNextWithItsLogsAndCanBeKilled() throws Exception {
        Path sock = tmp.resolve("xc.sock");
        Process first = xcd(sock, Map.of());
        String id;
        int before;
        try (Engine e = remote(sock)) {
            e.pull(PullRequest.of(image), EventListener.NONE);
            e.createNetwork(example());
            ContainerInfo c = e.run(RunRequest.builder(image).name("ticker").network("example").entryPoint("/bin/sh",
                    List.of("-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.1; done")).build(),
                    EventListener.NONE);
            id = c.id();
            await("ticks", () -> logs(e, id).size() >= 3);
            before = logs(e, id).size();
        }
        first.destroyForcibly(); // SIGKILL
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, persistedKernel().path("jails").size(), "the jail outlives the daemon");
        Path log = tmp.resolve("state").resolve("logs").resolve(id + ".main.log");
        long sizeAtKill = Files.size(log);
        await("the container to go on writing its log with no daemon", () -> {
            try {
                return Files.size(log) > sizeAtKill + 30;
            } catch (IOException ex) {
                return false;
            }
        });

        xcd(sock, Map.of());
        try (Engine e = remote(sock)) {
            assertTrue(e.info().warnings().stream().anyMatch(w -> w.startsWith("reconcile: container ticker (" + id
                    + ") kept running while no daemon ran: adopted (pid ")), e.info().warnings()::toString);
            ContainerInfo c = e.inspectContainer("ticker");
            assertEquals("running", c.state().id());
            List<String> lines = logs(e, id);
            assertTrue(lines.size() > before + 3, lines::toString);
            for (int i = 0; i < lines.size(); i++) {
                assertEquals("tick " + i, lines.get(i), "no line is lost or doubled");
            }
            ContainerInfo killed = e.kill("ticker", StopOptions.kill());
            assertEquals("exited", killed.state().id());
            assertEquals(0, persistedKernel().path("jails").size());
            assertEquals(0, e.inspectNetwork("example").allocated());
            assertTrue(persistedKernel().path("processes").isEmpty()
                    || persistedKernel().path("processes").size() == 0, persistedKernel()::toString);
        }
    }
}
