package dev.xc.engine;

import dev.xc.api.ErrorCode;
import dev.xc.api.PurgeReport;
import dev.xc.api.XcException;
import dev.xc.api.event.Event;
import dev.xc.api.image.Digest;
import dev.xc.api.image.EnvSpec;
import dev.xc.api.image.ImageInfo;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.PullRequest;
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
import dev.xc.testkit.registry.FaultProxy;
import dev.xc.testkit.registry.FaultProxy.Fault;
import dev.xc.testkit.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code xc pull} end to end: a real registry, the real client, unpacker, image store and directory storage. */
class PullTest {

    private static RegistryServer registry;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistry() {
        assumeTrue(RegistryServer.isAvailable(), "docker-registry is not installed (bin/test's CI installs it)");
        registry = RegistryServer.builder().anonymous().start();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private XcEngine engine() {
        EngineConfig c = new ConfigLoader(Map.of("HOME", tmp.toString()), tmp.resolve("none.conf"))
                .load(Optional.empty(), Optional.of(tmp.resolve("state")), Map.of()).config();
        return new XcEngine(c, SimulatedHost.create(), ProviderRegistry.standard(), List.of());
    }

    /** An image pushed to the test registry and the descriptors of its layers. */
    private record Pushed(ImageReference ref, List<Descriptor> layers) {
        /** The path of layer {@code i}'s blob on the registry. */
        String blobPath(int i) {
            return "/v2/" + ref.repository() + "/blobs/" + layers.get(i).digest();
        }
    }

    /** Pushes an image whose layers are built from {@code trees} (each a diff against the one before). */
    private static ImageReference push(String repo, JailConfig config, List<Path> trees) throws IOException {
        return pushImage(repo, config, trees).ref();
    }

    private static Pushed pushImage(String repo, JailConfig config, List<Path> trees) throws IOException {
        ImageReference ref = ImageReference.parse(registry.host() + "/" + repo + ":1");
        List<Descriptor> layers = new ArrayList<>();
        List<BlobSource> blobs = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        Optional<Path> lower = Optional.empty();
        for (Path t : trees) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BuiltLayer b = LayerBuilder.create(Compression.GZIP).diff(lower, t, out);
            layers.add(Descriptor.of(b.mediaType(), b.digest(), b.size()));
            blobs.add(BlobSource.of(b.mediaType(), out.toByteArray()));
            diffIds.add(b.diffId());
            lower = Optional.of(t);
        }
        byte[] cfg = XcImageConfig.writeImageConfig(config, "amd64", diffIds);
        try (RegistryClient c = RegistryClient.builder().insecure(registry.host()).build()) {
            c.pushBlobs(ref, blobs, Optional.empty());
            c.pushBlob(ref, BlobSource.of(MediaTypes.OCI_CONFIG, cfg), Optional.empty());
            c.pushManifest(ref, Manifest.image(MediaTypes.OCI_MANIFEST,
                    Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(cfg), cfg.length), layers));
        }
        return new Pushed(ref, List.copyOf(layers));
    }

    private Path tree(String name, Map<String, String> files) throws IOException {
        Path root = tmp.resolve("trees").resolve(name);
        Files.createDirectories(root);
        for (var e : files.entrySet()) {
            Path f = root.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        return root;
    }

    private static JailConfig nginxConfig() {
        return JailConfig.builder()
                .env("DB_PASSWORD", new EnvSpec(Optional.of("password of the database"), true, Optional.empty()))
                .build();
    }

    @Test
    void pullsUnpacksAndRecordsAnImage() throws IOException {
        Path base = tree("base", Map.of("etc/os-release", "NAME=test\n", "bin/tool", "v1", "tmp/gone", "x"));
        // layers are diffs by metadata (size, mtime...): give the changed file another size, since both trees are
        // written within one clock tick here
        Path top = tree("top", Map.of("etc/os-release", "NAME=test\n", "bin/tool", "v2.0", "srv/app", "app"));
        ImageReference ref = push("xc/app", nginxConfig(), List.of(base, top));
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        try (XcEngine e = engine()) {
            ImageInfo info = e.pull(PullRequest.of(ref), events::add);
            assertEquals(2, info.diffIds().size());
            assertEquals("freebsd/amd64", info.platform().toString());
            assertTrue(info.config().envs().get("DB_PASSWORD").required());
            assertTrue(info.config().describe().contains("password of the database"), info.config().describe());
            String top2 = info.chainId().orElseThrow().toString();
            assertTrue(e.storage().hasLayer(top2));
            Path root = e.storage().createRootfs("c1", Optional.of(top2));
            assertEquals("v2.0", Files.readString(root.resolve("bin/tool")));
            assertEquals("app", Files.readString(root.resolve("srv/app")));
            assertFalse(Files.exists(root.resolve("tmp/gone")), "the whiteout of the second layer applies");
            assertEquals(List.of(ref), e.images().stream().map(s -> s.reference()).toList());
            assertEquals(info.digest(), e.inspectImage(ref).digest());
            assertTrue(events.stream().anyMatch(ev -> ev instanceof Event.Progress), "byte progress is reported");
            assertTrue(events.stream().anyMatch(ev -> ev instanceof Event.Step s && s.description().startsWith("unpacking layer 2/2")));

            // again: nothing to download or unpack
            events.clear();
            e.pull(PullRequest.of(ref), events::add);
            assertTrue(events.stream().anyMatch(ev -> ev instanceof Event.Step s
                    && s.description().equals("all 2 layers already unpacked")), events.toString());
        }
    }

    @Test
    void sharedBaseLayersAreUnpackedOnceWhereChainsAreCheap() throws IOException {
        Path base = tree("b", Map.of("etc/base", "1"));
        Path a = tree("a", Map.of("etc/base", "1", "a", "a"));
        Path b = tree("c", Map.of("etc/base", "1", "b", "b"));
        ImageReference ra = push("xc/a", JailConfig.empty(), List.of(base, a));
        ImageReference rb = push("xc/b", JailConfig.empty(), List.of(base, b));
        try (XcEngine e = engine()) {
            boolean everyChain = e.storage().keepsIntermediateLayers();
            e.pull(PullRequest.of(ra), ev -> { });
            assertEquals(everyChain ? 2 : 1, e.storage().layers().size(), e.storage().layers().toString());
            List<Event> events = Collections.synchronizedList(new ArrayList<>());
            ImageInfo ib = e.pull(PullRequest.of(rb), events::add);
            assertEquals(everyChain ? 3 : 2, e.storage().layers().size(), e.storage().layers().toString());
            // the directory backend keeps top chains only: the shared base is unpacked again, into b's top chain
            assertEquals(!everyChain, events.stream().anyMatch(ev -> ev instanceof Event.Step s
                    && s.description().startsWith("unpacking layer 1/2")), events.toString());
            Path root = e.storage().createRootfs("cb", Optional.of(ib.chainId().orElseThrow().toString()));
            assertEquals("1", Files.readString(root.resolve("etc/base")));
            assertEquals("b", Files.readString(root.resolve("b")));
            assertFalse(Files.exists(root.resolve("a")));
            e.storage().removeRootfs("cb");
            e.removeImage(ra);
            PurgeReport r = e.purge();
            assertEquals(1, r.images().size());
            assertEquals(1, r.layers().size(), "only the layer of xc/a alone goes");
            assertEquals(everyChain ? 2 : 1, e.storage().layers().size());
        }
    }

    @Test
    void unknownImagesAndMissingLocalImagesSaySo() {
        try (XcEngine e = engine()) {
            ImageReference missing = ImageReference.parse(registry.host() + "/xc/none:1");
            XcException remote = assertThrows(XcException.class, () -> e.pull(PullRequest.of(missing), ev -> { }));
            assertEquals(ErrorCode.IMAGE_NOT_FOUND, remote.code(), remote.getMessage());
            XcException local = assertThrows(XcException.class, () -> e.inspectImage(missing));
            assertEquals("no local image " + missing.familiar(), local.getMessage());
            assertTrue(e.storage().layers().isEmpty());
        }
    }
    // ---- a layer is unpacked while it downloads, through a proxy that holds the second half of its blob back ----

    /** One layer: a small first file, then 3 MiB that do not compress, so half the blob holds more than a chunk. */
    private Pushed bigLayerImage(String repo) throws IOException {
        Path t = tree(repo.replace('/', '-'), Map.of("a/first.txt", "first\n"));
        byte[] random = new byte[3 << 20];
        new Random(5).nextBytes(random);
        Files.createDirectories(t.resolve("z"));
        Files.write(t.resolve("z/big.bin"), random);
        return pushImage(repo, JailConfig.empty(), List.of(t));
    }

    /** Whether a file named {@code name} is anywhere under {@code dir} (false while the tree changes under the walk). */
    private static boolean fileUnder(Path dir, String name) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().equals(name));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    @Test
    void aLayerIsUnpackedWhileItsBlobIsStillDownloading() throws IOException {
        Pushed img = bigLayerImage("xc/stream");
        Path state = tmp.resolve("state");
        AtomicBoolean met = new AtomicBoolean();
        try (FaultProxy proxy = FaultProxy.start(registry.uri()); XcEngine e = engine()) {
            proxy.inject("GET", Pattern.quote(img.blobPath(0)), 1,
                    new Fault.Hold(() -> fileUnder(state, "first.txt"), Duration.ofSeconds(20), met));
            ImageReference viaProxy = ImageReference.parse(proxy.host() + "/xc/stream:1");
            ImageInfo info = e.pull(PullRequest.of(viaProxy), ev -> { });
            assertTrue(met.get(), "a/first.txt was unpacked while the second half of the blob was held back");
            Path root = e.storage().createRootfs("c1", Optional.of(info.chainId().orElseThrow().toString()));
            assertEquals(Files.readString(tmp.resolve("trees/xc-stream/a/first.txt")),
                    Files.readString(root.resolve("a/first.txt")));
            assertEquals(Files.mismatch(tmp.resolve("trees/xc-stream/z/big.bin"), root.resolve("z/big.bin")), -1L);
        }
    }

    @Test
    void aBlobWithWrongBytesFailsThePullAndLeavesNothing() throws IOException {
        Pushed img = bigLayerImage("xc/corrupt");
        Path state = tmp.resolve("state");
        try (FaultProxy proxy = FaultProxy.start(registry.uri()); XcEngine e = engine()) {
            proxy.inject("GET", Pattern.quote(img.blobPath(0)), 5, new Fault.Corrupt());
            ImageReference viaProxy = ImageReference.parse(proxy.host() + "/xc/corrupt:1");
            XcException x = assertThrows(XcException.class, () -> e.pull(PullRequest.of(viaProxy), ev -> { }));
            assertEquals(ErrorCode.DIGEST_MISMATCH, x.code(), x.getMessage());
            assertTrue(e.images().isEmpty(), "no image is recorded");
            assertTrue(e.storage().layers().isEmpty(), "no layer is kept: " + e.storage().layers());
            assertFalse(fileUnder(state, img.layers().getFirst().digest().hex()), "the blob is not stored");
            assertFalse(fileUnder(state, "first.txt"), "nothing unpacked from it is left");
        }
    }

    @Test
    void aDownloadCutShortIsResumedUnderTheUnpacker() throws IOException {
        Pushed img = bigLayerImage("xc/resume");
        try (FaultProxy proxy = FaultProxy.start(registry.uri()); XcEngine e = engine()) {
            proxy.inject("GET", Pattern.quote(img.blobPath(0)), 1, new Fault.Truncate());
            ImageReference viaProxy = ImageReference.parse(proxy.host() + "/xc/resume:1");
            ImageInfo info = e.pull(PullRequest.of(viaProxy), ev -> { });
            long gets = proxy.requests().stream().filter(r -> r.method().equals("GET")
                    && r.path().equals(img.blobPath(0))).count();
            assertEquals(2, gets, "the blob was asked for twice (the second time with Range): " + proxy.requests());
            Path root = e.storage().createRootfs("c1", Optional.of(info.chainId().orElseThrow().toString()));
            assertEquals(-1L, Files.mismatch(tmp.resolve("trees/xc-resume/z/big.bin"), root.resolve("z/big.bin")));
        }
    }
}
