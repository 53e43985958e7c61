package dev.xc.cli;

import dev.xc.api.Engine;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.PullRequest;
import dev.xc.engine.ConfigLoader;
import dev.xc.engine.EmbeddedEngines;
import dev.xc.engine.EngineConfig;
import dev.xc.image.BuiltLayer;
import dev.xc.image.Compression;
import dev.xc.image.LayerBuilder;
import dev.xc.image.XcImageConfig;
import dev.xc.registry.BlobSource;
import dev.xc.registry.Descriptor;
import dev.xc.registry.Manifest;
import dev.xc.registry.MediaTypes;
import dev.xc.registry.RegistryClient;
import dev.xc.server.XcdServer;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.devfs.SimulatedDevfs;
import dev.xc.testkit.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code xc run -t}, {@code xc attach} and {@code xc exec -t} through a real xcd whose engine runs busybox
 * containers on the simulated host: keystrokes reach the container's terminal, Ctrl-P q detaches, a new attach shows
 * the history, and the CLI exits with the process's status.
 */
class TerminalCliTest {

    static {
        for (String m : new String[] {"dev.xc.engine", "dev.xc.server", "dev.xc.testkit", "dev.xc.image",
                "dev.xc.registry"}) {
            ModuleLayer.boot().findModule(m).ifPresent(TerminalCliTest.class.getModule()::addReads);
        }
    }

    @TempDir
    static Path shared;
    static RegistryServer registry;
    static ImageReference image;

    @TempDir
    Path tmp;
    Engine engine;
    XcdServer server;
    Path sock;

    /** The jail and devfs backends, loaded for the daemon's engine only (see {@link #backends()}). */
    static ModuleLayer backends;

    /**
     * A layer with the jail and devfs backends as the reactor built them ({@code ../xc-jail/target/classes}).
     * They are not test dependencies of this module on purpose: on its module path they would change what the
     * embedded engine of the other CLI tests finds on this host.
     */
    static java.util.Optional<ModuleLayer> backends() {
        List<Path> dirs = List.of(Path.of("../xc-jail/target/classes"), Path.of("../xc-devfs/target/classes"));
        if (!dirs.stream().allMatch(d -> Files.isRegularFile(d.resolve("module-info.class")))) {
            return Optional.empty();
        }
        java.lang.module.ModuleFinder finder = java.lang.module.ModuleFinder.of(dirs.toArray(Path[]::new));
        java.lang.module.Configuration conf = ModuleLayer.boot().configuration()
                .resolve(finder, java.lang.module.ModuleFinder.of(), List.of("dev.xc.jail", "dev.xc.devfs"));
        return Optional.of(ModuleLayer.boot().defineModulesWithOneLoader(conf, ClassLoader.getSystemClassLoader()));
    }

    @BeforeAll
    static void push() throws IOException {
        assumeTrue(RegistryServer.isAvailable() && Files.isExecutable(Path.of("/usr/bin/bwrap"))
                && Files.isExecutable(Path.of("/bin/busybox")), "docker-registry, bwrap and busybox are needed");
        Optional<ModuleLayer> layer = backends();
        assumeTrue(layer.isPresent(), "xc-jail and xc-devfs must be built (the whole reactor, or -am with them)");
        backends = layer.get();
        registry = RegistryServer.builder().anonymous().start();
        Path root = shared.resolve("tree");
        for (String d : List.of("bin", "etc", "root", "tmp", "dev")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String applet : List.of("sh", "echo", "sleep", "cat", "tty", "stty")) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.writeString(root.resolve("etc/passwd"), "root:*:0:0:Charlie &:/root:/bin/sh\n");
        image = ImageReference.parse(registry.host() + "/xc/tty:1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuiltLayer b = LayerBuilder.create(Compression.GZIP).diff(Optional.empty(), root, out);
        byte[] cfg = XcImageConfig.writeImageConfig(JailConfig.builder().build(), "amd64", List.of(b.diffId()));
        try (RegistryClient c = RegistryClient.builder().insecure(registry.host()).build()) {
            c.pushBlobs(image, List.of(BlobSource.of(b.mediaType(), out.toByteArray())), Optional.empty());
            c.pushBlob(image, BlobSource.of(MediaTypes.OCI_CONFIG, cfg), Optional.empty());
            c.pushManifest(image, Manifest.image(MediaTypes.OCI_MANIFEST,
                    Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(cfg), cfg.length),
                    List.of(Descriptor.of(b.mediaType(), b.digest(), b.size()))));
        }
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void start() {
        EngineConfig cfg = new ConfigLoader(Map.of("HOME", tmp.toString()), tmp.resolve("none.conf"))
                .load(Optional.empty(), Optional.of(tmp.resolve("daemon-state")), Map.of()).config();
        SimulatedHost host = SimulatedHost.builder().tool("devfs", SimulatedDevfs.withDefaultRulesets()).build();
        engine = EmbeddedEngines.open(cfg, host, backends);
        engine.pull(PullRequest.of(image), EventListener.NONE);
        sock = tmp.resolve("run/xc.sock");
        server = XcdServer.start(engine, sock, Optional.empty(), line -> { });
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.containers().forEach(c -> engine.removeContainer(c.id(), true));
            server.close();
            engine.close();
        }
    }

    /** A running {@code xc} command whose output can be watched while it runs. */
    record Running(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
        void await(String text) {
            poll(() -> out.toString().contains(text), () -> "'" + text + "' in the output: " + out + err);
        }

        int exitCode() throws Exception {
            return exit.get(30, TimeUnit.SECONDS);
        }
    }

    private Running xc(InputStream in, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> Main.run(args, in, new PrintWriter(o),
                new PrintWriter(e), Map.of("HOME", tmp.resolve("client-home").toString(), "TERM", "xterm")));
        return new Running(f, o, e);
    }

    static void poll(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void runAttachesDetachesAndAttachAgainShowsTheHistoryThenTheExitStatus() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(keys);
        Running run = xc(stdin, "run", "-s", sock.toString(), "-t", "--name", "t1", image.toString(), "/bin/sh");
        keys.write("echo \"$TERM\" h''i\n".getBytes(StandardCharsets.UTF_8));
        keys.flush();
        run.await("xterm hi\r\n");
        keys.write(new byte[] {0x10, 'q'});
        keys.flush();
        assertEquals(0, run.exitCode(), run.err().toString());
        assertEquals("detached from t1\n", run.err().toString());
        assertEquals("running", engine.inspectContainer("t1").state().id(), "the shell keeps running");

        Running again = xc(new ByteArrayInputStream("exit 3\n".getBytes(StandardCharsets.UTF_8)), "attach", "-s",
                sock.toString(), "t1");
        assertEquals(3, again.exitCode(), again.err().toString());
        assertTrue(again.out().toString().contains("xterm hi\r\n"), "the history comes first: " + again.out());
        assertEquals("", again.err().toString());
        poll(() -> !engine.inspectContainer("t1").state().isActive(), () -> "t1 to stop");
        assertEquals(Optional.of(3), engine.inspectContainer("t1").exitCode());
    }

    @Test
    void execOnATerminalExitsWithTheCommandsStatus() throws Exception {
        Running bg = xc(InputStream.nullInputStream(), "run", "-s", sock.toString(), "-d", "--name", "t2",
                image.toString(), "/bin/sleep", "60");
        assertEquals(0, bg.exitCode(), bg.err().toString());
        Running exec = xc(new ByteArrayInputStream("w\n".getBytes(StandardCharsets.UTF_8)), "exec", "-s",
                sock.toString(), "-t", "t2", "/bin/sh", "-c", "tty >/dev/null && read x && echo got $x; exit 4");
        assertEquals(4, exec.exitCode(), exec.err().toString());
        assertTrue(exec.out().toString().contains("got w"), exec.out().toString());
    }

    @Test
    void attachingToAContainerWithoutTerminalFailsWithAHint() throws Exception {
        Running bg = xc(InputStream.nullInputStream(), "run", "-s", sock.toString(), "-d", "--name", "t3",
                image.toString(), "/bin/sleep", "60");
        assertEquals(0, bg.exitCode(), bg.err().toString());
        Running attach = xc(InputStream.nullInputStream(), "attach", "-s", sock.toString(), "t3");
        assertEquals(2, attach.exitCode());
        assertTrue(attach.err().toString().startsWith("xc: cannot attach to container t3: its main process was "
                + "started without a terminal\nhint: run it with -t"), attach.err().toString());
    }
}
