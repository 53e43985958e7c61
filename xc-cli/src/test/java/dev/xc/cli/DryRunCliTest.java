package dev.xc.cli;

import dev.xc.api.image.Digest;
import dev.xc.api.image.EntryPoint;
import dev.xc.api.image.EnvSpec;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.JailConfig;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code xc run --dry-run} of a pulled image on the embedded engine of this host. */
class DryRunCliTest {

    static {
        for (String m : new String[] {"dev.xc.image", "dev.xc.registry", "dev.xc.testkit"}) {
            ModuleLayer.boot().findModule(m).ifPresent(DryRunCliTest.class.getModule()::addReads);
        }
    }

    @TempDir
    static Path shared;
    static RegistryServer registry;
    static ImageReference image;

    @TempDir
    Path tmp;

    @BeforeAll
    static void push() throws IOException {
        assumeTrue(RegistryServer.isAvailable(), "docker-registry is not installed");
        registry = RegistryServer.builder().anonymous().start();
        Path tree = shared.resolve("tree");
        Files.createDirectories(tree.resolve("etc"));
        Files.writeString(tree.resolve("etc/os-release"), "NAME=test\n");
        JailConfig config = JailConfig.builder()
                .env("DB_PASSWORD", new EnvSpec(Optional.of("password of the database"), true, Optional.empty()))
                .env("GREETING", EnvSpec.withDefault("hello"))
                .entryPoint("main", EntryPoint.of("/bin/sh", List.of("-c")).withDefaultArgs(List.of("echo $GREETING")))
                .build();
        image = ImageReference.parse(registry.host() + "/xc/dry:1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuiltLayer b = LayerBuilder.create(Compression.GZIP).diff(Optional.empty(), tree, out);
        byte[] cfg = XcImageConfig.writeImageConfig(config, "amd64", List.of(b.diffId()));
        try (RegistryClient c = RegistryClient.builder().insecure(registry.host()).build()) {
            c.pushBlobs(image, List.of(BlobSource.of(b.mediaType(), out.toByteArray())), Optional.empty());
            c.pushBlob(image, BlobSource.of(MediaTypes.OCI_CONFIG, cfg), Optional.empty());
            c.pushManifest(image, Manifest.image(MediaTypes.OCI_MANIFEST,
                    Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(cfg), cfg.length),
                    List.of(Descriptor.of(b.mediaType(), b.digest(), b.size()))));
        }
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    record Out(int exit, String out, String err) {
    }

    private Out xc(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int rc = Main.run(args, new PrintWriter(o), new PrintWriter(e), Map.of("HOME", tmp.toString()));
        return new Out(rc, o.toString(), e.toString());
    }

    @Test
    void dryRunPrintsThePlanOfAPulledImage() {
        String state = tmp.resolve("state").toString();
        Out pulled = xc("pull", "--embedded", "--state-dir", state, image.toString());
        assertEquals(0, pulled.exit(), pulled.err());
        Out r = xc("run", "--embedded", "--state-dir", state, "--dry-run", "--name", "web", "-e", "EXTRA=1",
                image.toString(), "main", "echo $EXTRA and more");
        assertEquals(5, r.exit(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("plan for " + image + " (nothing was changed):\n"), out);
        assertTrue(out.contains(" 1. image       use image " + image + "\n"), out);
        assertTrue(out.contains("jail        create jail web\n      name = web\n      host.hostname = web\n"), out);
        assertTrue(out.contains("      enforce_statfs = 2\n"), out);
        assertTrue(out.contains("process     start main: /bin/sh -c 'echo $EXTRA and more'\n"), out);
        assertTrue(out.contains("      EXTRA = 1\n      GREETING = hello\n"), out);
        assertTrue(out.contains("warnings:\n  - environment variable EXTRA is not declared by the image\n"), out);
        assertTrue(out.contains("  - missing required environment variable: DB_PASSWORD - password of the database\n"
                + "    hint: set it with -e DB_PASSWORD=VALUE\n"), out);
        assertTrue(out.contains("  - no jail runtime on this host: "), out);
    }
}
