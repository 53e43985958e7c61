package dev.xc.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.Platform;
import dev.xc.api.image.PlatformPolicy;
import dev.xc.registry.internal.Json;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Interoperability with skopeo in both directions, against the real registry. */
class SkopeoInteropTest {

    static final Path SKOPEO = Path.of("/usr/bin/skopeo");
    static RegistryServer registry;
    static RegistryClient client;

    @BeforeAll
    static void start() {
        assumeTrue(RegistryServer.isAvailable(), "docker-registry is not installed");
        assumeTrue(Files.isExecutable(SKOPEO), "skopeo is not installed");
        registry = RegistryServer.builder().start();
        client = RegistryClient.builder().insecure(registry.host()).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    static String skopeo(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(SKOPEO.toString(), "--insecure-policy"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + new String(out, StandardCharsets.UTF_8)
                    + "\nregistry log:\n" + registry.logs());
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Writes {@code image} as an OCI image layout with one tagged manifest. */
    static void writeLayout(Path dir, TestImages.Image image, String tag) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        for (BlobSource b : image.blobs()) {
            Files.write(blobs.resolve(b.descriptor().digest().hex()), PullPushTest.readAll(b));
        }
        Manifest m = image.manifest();
        Files.write(blobs.resolve(m.digest().hex()), m.bytes());
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + m.mediaType() + "\",\"digest\":\"" + m.digest() + "\",\"size\":" + m.size()
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
    }

    @Test
    void pullsWhatSkopeoPushed(@TempDir Path dir) throws Exception {
        TestImages.Image img = TestImages.gzipImage(Platform.of("linux", "amd64"), 41, 120_000, 3000, 17);
        writeLayout(dir.resolve("layout"), img, "v1");
        skopeo("copy", "--dest-tls-verify=false", "oci:" + dir.resolve("layout") + ":v1",
                "docker://" + registry.host() + "/interop/from-skopeo:v1");

        ImageReference ref = ImageReference.parse(registry.host() + "/interop/from-skopeo:v1");
        ResolvedImage r = client.resolve(ref, PlatformPolicy.preferFreeBsd("amd64"));
        assertEquals(img.layers().stream().map(BlobSource::descriptor).map(Descriptor::digest).toList(),
                r.manifest().layers().stream().map(Descriptor::digest).toList());
        for (BlobSource b : img.blobs()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            client.pullBlob(ref, b.descriptor(), out);
            assertArrayEquals(PullPushTest.readAll(b), out.toByteArray());
        }
    }

    @Test
    void skopeoReadsWhatWePushed() throws Exception {
        TestImages.Image amd = TestImages.gzipImage(Platform.of("linux", "amd64"), 42, 50_000, 10);
        TestImages.Image bsd = TestImages.gzipImage(Platform.of("freebsd", "amd64"), 43, 20_000);
        ImageReference ref = ImageReference.parse(registry.host() + "/interop/from-xc:v2");
        for (TestImages.Image i : List.of(amd, bsd)) {
            client.pushBlobs(ref, i.blobs(), Optional.empty());
            client.pushManifest(ref.withTag("v2-" + i.platform().os()), i.manifest());
        }
        Manifest index = TestImages.index(amd, bsd);
        client.pushManifest(ref, index);

        String raw = skopeo("inspect", "--tls-verify=false", "--raw", "docker://" + ref);
        assertArrayEquals(index.bytes(), raw.getBytes(StandardCharsets.UTF_8));
        JsonNode inspected = Json.MAPPER.readTree(skopeo("inspect", "--tls-verify=false", "--override-os", "linux",
                "--override-arch", "amd64", "docker://" + ref));
        // skopeo names the image by the index's digest and shows the linux/amd64 entry's layers
        assertEquals(index.digest().toString(), inspected.get("Digest").asText());
        List<String> layers = new ArrayList<>();
        inspected.get("Layers").forEach(l -> layers.add(l.asText()));
        assertEquals(amd.layers().stream().map(b -> b.descriptor().digest().toString()).toList(), layers);
        assertEquals("linux", inspected.get("Os").asText());
    }
}
