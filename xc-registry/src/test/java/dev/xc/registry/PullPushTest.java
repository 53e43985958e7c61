package dev.xc.registry;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.event.Event;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.Platform;
import dev.xc.api.image.PlatformPolicy;
import dev.xc.testkit.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Push and pull round trips against a real, anonymous docker-registry. */
class PullPushTest {

    static RegistryServer registry;
    static final List<Event> events = new CopyOnWriteArrayList<>();
    static RegistryClient client;

    @BeforeAll
    static void start() {
        assumeTrue(RegistryServer.isAvailable(), "docker-registry is not installed");
        registry = RegistryServer.builder().anonymous().start();
        client = RegistryClient.builder().insecure(registry.host()).eventListener(events::add)
                .retryPolicy(new RetryPolicy(3, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50),
                        java.time.Duration.ofSeconds(5)))
                .build();
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

    ImageReference ref(String text) {
        return ImageReference.parse(registry.host() + "/" + text);
    }

    @Test
    void pushedMultiPlatformImagePullsBackByteForByte() {
        TestImages.Image linux = TestImages.image(Platform.of("linux", "amd64"), 1, 300_000, 70_000, 5);
        TestImages.Image freebsd = TestImages.image(Platform.of("freebsd", "amd64"), 2, 250_000, 1024, 0);
        Manifest index = TestImages.index(linux, freebsd); // Linux listed first on purpose
        ImageReference repo = ref("xc/multi:1.0");
        client.ping(registry.host());
        for (TestImages.Image i : List.of(linux, freebsd)) {
            client.pushBlobs(repo, i.blobs(), Optional.empty());
            assertEquals(i.manifest().digest(), client.pushManifest(
                    new ImageReference(repo.registry(), repo.repository(), Optional.empty(),
                            Optional.of(i.manifest().digest())), i.manifest()));
        }
        assertEquals(index.digest(), client.pushManifest(repo, index));

        events.clear();
        ResolvedImage r = client.resolve(repo, PlatformPolicy.preferFreeBsd("amd64"));
        assertEquals(freebsd.manifest(), r.manifest());
        assertEquals(Optional.of(Platform.of("freebsd", "amd64")), r.platform());
        assertEquals(Optional.of(index), r.index());
        assertEquals(Optional.of(freebsd.manifest().digest()), r.reference().digest());
        assertArrayEquals(index.bytes(), client.fetchManifest(repo).bytes());

        for (BlobSource layer : freebsd.blobs()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            client.pullBlob(r.reference(), layer.descriptor(), out);
            assertArrayEquals(readAll(layer), out.toByteArray(), "layer " + layer.descriptor().digest());
        }
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.Progress p && p.task().equals("pull")
                && p.done() == 250_000 && p.total().equals(Optional.of(250_000L)) && p.unit().equals("bytes")));
        assertTrue(events.stream().noneMatch(e -> e instanceof Event.Warning), events.toString());

        ResolvedImage l = client.resolve(repo,
                new PlatformPolicy("amd64", true, Optional.of(Platform.parse("linux/amd64"))));
        assertEquals(linux.manifest(), l.manifest());
    }

    @Test
    void linuxIsChosenWhenNoFreeBsdVariantExistsAndSaysSo() {
        TestImages.Image linux = TestImages.image(Platform.of("linux", "amd64"), 3, 1000);
        TestImages.Image arm = TestImages.image(Platform.parse("linux/arm64/v8"), 4, 1000);
        ImageReference repo = ref("xc/linux-only:2");
        for (TestImages.Image i : List.of(linux, arm)) {
            client.pushBlobs(repo, i.blobs(), Optional.empty());
            client.pushManifest(repo.withTag(i.platform().architecture()), i.manifest());
        }
        client.pushManifest(repo, TestImages.index(arm, linux));
        events.clear();
        ResolvedImage r = client.resolve(repo, PlatformPolicy.preferFreeBsd("x86_64"));
        assertEquals(linux.manifest(), r.manifest());
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.Warning w
                && w.message().contains("runs under the Linuxulator")), events.toString());

        XcException e = assertThrows(XcException.class,
                () -> client.resolve(repo, PlatformPolicy.preferFreeBsd("riscv64")));
        assertEquals(ErrorCode.PLATFORM_NOT_AVAILABLE, e.code());
        assertEquals("image " + repo + " has no variant for this host: it offers linux/arm64/v8, linux/amd64; "
                + "wanted freebsd/riscv64, then linux/riscv64", e.getMessage());
        assertTrue(e.hint().contains("--platform linux/arm64/v8"), e.hint());

        XcException v = assertThrows(XcException.class, () -> client.resolve(repo,
                new PlatformPolicy("arm64", true, Optional.of(Platform.parse("linux/arm64/v7")))));
        assertEquals(ErrorCode.PLATFORM_NOT_AVAILABLE, v.code());
    }

    @Test
    void xcCapitalisedFreeBsdCountsAsFreeBsd() {
        TestImages.Image linux = TestImages.image(Platform.of("linux", "arm64"), 5, 10);
        TestImages.Image bsd = TestImages.image(Platform.of("freebsd", "arm64"), 6, 10);
        ImageReference repo = ref("freebsdxc/freebsd:13.2");
        for (TestImages.Image i : List.of(linux, bsd)) {
            client.pushBlobs(repo, i.blobs(), Optional.empty());
            client.pushManifest(repo.withTag("13.2-" + i.platform().os()), i.manifest());
        }
        // the index as the original xc writes it
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + entry(linux.manifest(), "linux") + "," + entry(bsd.manifest(), "FreeBSD") + "]}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        client.pushManifest(repo, Manifest.parse(bytes, Optional.empty(), Optional.empty()));
        ResolvedImage r = client.resolve(repo, PlatformPolicy.preferFreeBsd("aarch64"));
        assertEquals(bsd.manifest(), r.manifest());
    }

    private static String entry(Manifest m, String os) {
        return "{\"mediaType\":\"" + m.mediaType() + "\",\"digest\":\"" + m.digest() + "\",\"size\":" + m.size()
                + ",\"platform\":{\"os\":\"" + os + "\",\"architecture\":\"arm64\"}}";
    }

    @Test
    void chunkedUploadMountAndExistence(@TempDir Path dir) throws Exception {
        byte[] big = TestImages.random(7, 700_000);
        Path file = dir.resolve("layer");
        Files.write(file, big);
        BlobSource src = BlobSource.ofFile(MediaTypes.OCI_LAYER_GZIP, file);
        ImageReference a = ref("xc/chunked:1");
        ImageReference b = ref("xc/mounted:1");
        try (RegistryClient chunky = RegistryClient.builder().insecure(registry.host()).chunkSize(128 * 1024)
                .monolithicLimit(100_000).build()) {
            assertEquals(Optional.empty(), chunky.blobExists(a, src.descriptor().digest()));
            assertEquals(PushedBlob.Outcome.UPLOADED, chunky.pushBlob(a, src, Optional.empty()).outcome());
            assertEquals(Optional.of(700_000L), chunky.blobExists(a, src.descriptor().digest()));
            assertEquals(PushedBlob.Outcome.EXISTED, chunky.pushBlob(a, src, Optional.empty()).outcome());
            assertEquals(PushedBlob.Outcome.MOUNTED, chunky.pushBlob(b, src, Optional.of(a.repository())).outcome());
        }
        Path target = dir.resolve("pulled");
        client.pullBlob(b, src.descriptor(), BlobSink.toFile(target));
        assertArrayEquals(big, Files.readAllBytes(target));
    }

    @Test
    void emptyBlobAndSha512Digests() {
        ImageReference repo = ref("xc/edge:1");
        BlobSource empty = BlobSource.of(MediaTypes.OCI_LAYER, new byte[0]);
        assertEquals(PushedBlob.Outcome.UPLOADED, client.pushBlob(repo, empty, Optional.empty()).outcome());
        assertEquals(0, client.fetchBlob(repo, empty.descriptor()).length);

        byte[] data = TestImages.random(9, 5000);
        Descriptor sha512 = Descriptor.of(MediaTypes.OCI_LAYER, Digest.of(Digest.SHA512, data), data.length);
        // the registry stores by sha256; a sha512 descriptor is verified with sha512 on the way in
        Digest sha256 = Digest.sha256(data);
        client.pushBlob(repo, BlobSource.of(MediaTypes.OCI_LAYER, data), Optional.empty());
        Descriptor wrongAlgorithm = Descriptor.of(MediaTypes.OCI_LAYER, sha256, data.length);
        assertArrayEquals(data, client.fetchBlob(repo, wrongAlgorithm));
        XcException e = assertThrows(XcException.class, () -> client.fetchBlob(repo, sha512));
        assertTrue(e.code() == ErrorCode.BLOB_NOT_FOUND || e.code() == ErrorCode.REGISTRY_ERROR, e.toString());
    }

    @Test
    void tagListingFollowsLinkPagination() {
        TestImages.Image img = TestImages.image(Platform.of("freebsd", "amd64"), 11, 100);
        ImageReference repo = ref("xc/tags:a");
        client.pushBlobs(repo, img.blobs(), Optional.empty());
        List<String> tags = new ArrayList<>(List.of("1.0", "1.1", "2.0", "latest", "z"));
        for (String t : tags) {
            client.pushManifest(repo.withTag(t), img.manifest());
        }
        Collections.sort(tags);
        // five tags in pages of two: only the Link header can bring them all
        List<String> paged = new ArrayList<>(client.listTags(repo, Optional.of(2)));
        Collections.sort(paged);
        assertEquals(tags, paged);
        List<String> whole = new ArrayList<>(client.listTags(repo));
        Collections.sort(whole);
        assertEquals(tags, whole);
    }

    @Test
    void missingThingsHaveTypedErrors() {
        XcException m = assertThrows(XcException.class, () -> client.fetchManifest(ref("xc/nothing:here")));
        assertEquals(ErrorCode.IMAGE_NOT_FOUND, m.code());
        assertTrue(m.getMessage().startsWith("cannot pull manifest " + registry.host() + "/xc/nothing:here: registry "
                + registry.host() + " answered 404 "), m.getMessage());
        assertTrue(m.getMessage().contains("UNKNOWN"), m.getMessage());

        Descriptor ghost = Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(new byte[] {1}), 1);
        XcException b = assertThrows(XcException.class, () -> client.fetchBlob(ref("xc/nothing:here"), ghost));
        assertEquals(ErrorCode.BLOB_NOT_FOUND, b.code());

        XcException u = assertThrows(XcException.class, () -> {
            try (RegistryClient c = RegistryClient.builder().insecure("127.0.0.1:1").retryPolicy(RetryPolicy.none())
                    .connectTimeout(java.time.Duration.ofSeconds(2)).build()) {
                c.ping("127.0.0.1:1");
            }
        });
        assertEquals(ErrorCode.REGISTRY_UNREACHABLE, u.code());
        assertTrue(u.getMessage().startsWith("cannot reach registry 127.0.0.1:1: "), u.getMessage());
        assertFalse(registry.logs().isEmpty());
    }

    static byte[] readAll(BlobSource s) {
        try (var in = s.open()) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
