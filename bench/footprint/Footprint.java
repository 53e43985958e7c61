import dev.xc.api.Engine;
import dev.xc.api.EngineOptions;
import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.RunRequest;
import dev.xc.api.container.StopOptions;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.Digest;
import dev.xc.api.image.EntryPoint;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.PullRequest;
import dev.xc.client.RemoteEngineFactory;
import dev.xc.image.BuiltLayer;
import dev.xc.image.Compression;
import dev.xc.image.LayerBuilder;
import dev.xc.image.XcImageConfig;
import dev.xc.registry.BlobSource;
import dev.xc.registry.Descriptor;
import dev.xc.registry.Manifest;
import dev.xc.registry.MediaTypes;
import dev.xc.registry.RegistryClient;
import dev.xc.testkit.registry.RegistryServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client half of bench/daemon-footprint (run in source-file mode on xc's module path): pushes a busybox image to
 * a throw-away docker-registry, and through a running xcd (its socket and pid given) pulls it, runs N containers
 * whose main process is {@code sleep 3600}, and tears them down, printing the daemon's VmRSS at each stage as
 * {@code rss STAGE KB} lines. Usage: Footprint SOCKET PID N WORKDIR
 */
public final class Footprint {

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        long pid = Long.parseLong(args[1]);
        int n = Integer.parseInt(args[2]);
        Path work = Path.of(args[3]);
        try (RegistryServer registry = RegistryServer.builder().anonymous().start();
             Engine xcd = new RemoteEngineFactory().open(EngineOptions.defaults().withSocketPath(socket))) {
            ImageReference image = push(registry, busybox(work.resolve("tree")));
            xcd.containers(); // one request served: the request path is loaded
            settle();
            report("idle", pid);
            xcd.pull(PullRequest.of(image), EventListener.NONE);
            settle();
            report("pulled", pid);
            List<String> ids = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ContainerInfo c = xcd.run(RunRequest.builder(image).name("fp" + i)
                        .entryPoint("/bin/sleep", List.of("3600")).build(), EventListener.NONE);
                ids.add(c.id());
            }
            long running = xcd.containers().stream().filter(c -> c.state().id().equals("running")).count();
            System.out.printf("started %d containers in %d ms; %d running%n", n,
                    (System.nanoTime() - t0) / 1_000_000, running);
            if (running != n) {
                throw new IllegalStateException("expected " + n + " running containers, found " + running);
            }
            settle();
            report("containers", pid);
            for (String id : ids) {
                xcd.kill(id, StopOptions.kill());
                xcd.removeContainer(id, true);
            }
            settle();
            report("torn-down", pid);
            if (!xcd.containers().isEmpty()) {
                throw new IllegalStateException("containers left: " + xcd.containers().size());
            }
        }
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(2000);
    }

    private static void report(String stage, long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                System.out.println("rss " + stage + " " + line.replaceAll("[^0-9]", ""));
            }
        }
    }

    /** busybox and its applets as links, /etc/passwd, the usual directories (as the engine's ContainerFixture). */
    private static Path busybox(Path root) throws IOException {
        for (String d : List.of("bin", "etc", "root", "tmp", "dev", "var/run")) {
            Files.createDirectories(root.resolve(d));
        }
        Path bb = Files.isExecutable(Path.of("/bin/busybox")) ? Path.of("/bin/busybox") : Path.of("/usr/bin/busybox");
        Files.copy(bb, root.resolve("bin/busybox"));
        for (String applet : List.of("sh", "sleep", "true", "cat", "echo")) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.writeString(root.resolve("etc/passwd"), "root:*:0:0:Charlie &:/root:/bin/sh\n");
        return root;
    }

    private static ImageReference push(RegistryServer registry, Path tree) throws IOException {
        ImageReference ref = ImageReference.parse(registry.host() + "/bench/busybox:1");
        JailConfig config = JailConfig.builder().entryPoint("main", EntryPoint.of("/bin/sleep", List.of("3600")))
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuiltLayer b = LayerBuilder.create(Compression.GZIP).diff(Optional.empty(), tree, out);
        byte[] cfg = XcImageConfig.writeImageConfig(config, "amd64", List.of(b.diffId()));
        try (RegistryClient c = RegistryClient.builder().insecure(registry.host()).build()) {
            c.pushBlobs(ref, List.of(BlobSource.of(b.mediaType(), out.toByteArray())), Optional.empty());
            c.pushBlob(ref, BlobSource.of(MediaTypes.OCI_CONFIG, cfg), Optional.empty());
            c.pushManifest(ref, Manifest.image(MediaTypes.OCI_MANIFEST,
                    Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(cfg), cfg.length),
                    List.of(Descriptor.of(b.mediaType(), b.digest(), b.size()))));
        }
        return ref;
    }
}
