package dev.xc.engine.internal.container;

import dev.xc.api.container.ContainerInfo;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.PullRequest;
import dev.xc.api.event.EventListener;
import dev.xc.engine.ConfigLoader;
import dev.xc.engine.EngineConfig;
import dev.xc.engine.internal.ProviderRegistry;
import dev.xc.engine.internal.XcEngine;
import dev.xc.image.BuiltLayer;
import dev.xc.image.Compression;
import dev.xc.image.LayerBuilder;
import dev.xc.image.XcImageConfig;
import dev.xc.registry.BlobSource;
import dev.xc.registry.Descriptor;
import dev.xc.registry.Manifest;
import dev.xc.registry.MediaTypes;
import dev.xc.registry.RegistryClient;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.devfs.SimulatedDevfs;
import dev.xc.testkit.pf.SimulatedPfctl;
import dev.xc.testkit.registry.RegistryServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A busybox image in a real local registry, and engines on the simulated FreeBSD host (with simulated devfs and
 * pfctl) that pull it, as {@code PullTest} does.
 */
final class ContainerFixture {

    private ContainerFixture() {
    }

    static boolean available() {
        return RegistryServer.isAvailable() && Files.isExecutable(Path.of("/usr/bin/bwrap"))
                && Files.isExecutable(Path.of("/bin/busybox"));
    }

    /** A root directory with busybox, its applets as links, /etc/passwd and the usual directories. */
    static Path busyboxTree(Path root) throws IOException {
        for (String d : List.of("bin", "etc", "root", "tmp", "dev", "var/run")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String applet : List.of("sh", "echo", "sleep", "cat", "hostname", "ls", "env", "id", "pwd", "true",
                "false")) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.writeString(root.resolve("etc/passwd"), "root:*:0:0:Charlie &:/root:/bin/sh\n");
        return root;
    }

    /** Pushes a one-layer image of {@code tree} with {@code config} as {@code REGISTRY/repo:1}. */
    static ImageReference push(RegistryServer registry, String repo, JailConfig config, Path tree) throws IOException {
        ImageReference ref = ImageReference.parse(registry.host() + "/" + repo + ":1");
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

    static SimulatedHost host() {
        return SimulatedHost.builder().tool("devfs", SimulatedDevfs.withDefaultRulesets())
                .tool("pfctl", SimulatedPfctl.enabled()).build();
    }

    static XcEngine engine(Path state, SimulatedHost host) {
        EngineConfig c = new ConfigLoader(Map.of("HOME", state.toString()), state.resolve("none.conf"))
                .load(Optional.empty(), Optional.of(state), Map.of("firewall", "pf", "ext_ifs", "em0")).config();
        return new XcEngine(c, host, ProviderRegistry.standard(), List.of());
    }

    static XcEngine engineWithImage(Path state, SimulatedHost host, ImageReference image) {
        XcEngine e = engine(state, host);
        e.pull(PullRequest.of(image), EventListener.NONE);
        return e;
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    static ContainerInfo awaitState(XcEngine e, String id, String state) {
        await(id + " to be " + state, () -> e.inspectContainer(id).state().id().equals(state));
        return e.inspectContainer(id);
    }
}
