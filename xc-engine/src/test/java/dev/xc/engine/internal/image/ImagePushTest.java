package dev.xc.engine.internal.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.event.Event;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageInfo;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.ImportRequest;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.PullRequest;
import dev.xc.api.image.PushRequest;
import dev.xc.engine.ConfigLoader;
import dev.xc.engine.EngineConfig;
import dev.xc.engine.internal.ProviderRegistry;
import dev.xc.engine.internal.XcEngine;
import dev.xc.image.BlobStore;
import dev.xc.image.ImageJson;
import dev.xc.registry.RegistryClient;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code xc push} of imported images to a real registry, read back by a pull into another engine. */
class ImagePushTest {

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

    private XcEngine engine(String state) {
        EngineConfig c = new ConfigLoader(Map.of("HOME", tmp.toString()), tmp.resolve("none.conf"))
                .load(Optional.empty(), Optional.of(tmp.resolve(state)), Map.of()).config();
        return new XcEngine(c, SimulatedHost.create(), ProviderRegistry.standard(), List.of());
    }

    private ImageInfo importTree(XcEngine e, String ref) throws IOException {
        Path root = tmp.resolve("tree");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/motd"), "pushed\n");
        JailConfig cfg = JailConfig.builder().env("GREETING", dev.xc.api.image.EnvSpec.withDefault("hi")).build();
        return e.importImage(new ImportRequest(root, ImageReference.parse(ref), cfg), ev -> { });
    }

    @Test
    void anImportedImageIsPushedAsStoredAndPullsBackWithTheSameDigest() throws IOException {
        ImageReference remote = ImageReference.parse(registry.host() + "/push/app:1");
        ImageInfo local;
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        try (XcEngine e = engine("a")) {
            local = importTree(e, "local/app:1");
            e.push(new PushRequest(local.reference(), remote, false), events::add);
        }
        assertTrue(events.stream().anyMatch(ev -> ev instanceof Event.Step s && s.finished()
                && s.description().equals("pushed local/app:1 to " + remote.familiar() + " " + local.digest())),
                events.toString());
        assertTrue(events.stream().anyMatch(ev -> ev instanceof Event.Progress), "byte progress is reported");
        try (RegistryClient c = RegistryClient.builder().insecure(registry.host()).build()) {
            assertEquals(local.digest(), c.fetchManifest(remote).digest(), "the manifest is pushed as stored");
        }
        try (XcEngine other = engine("b")) {
            ImageInfo pulled = other.pull(PullRequest.of(remote), ev -> { });
            assertEquals(local.digest(), pulled.digest());
            assertEquals(Optional.of("hi"), pulled.config().envs().get("GREETING").defaultValue());
        }
        // a second push finds every blob there already
        events.clear();
        try (XcEngine e = engine("a")) {
            e.push(new PushRequest(local.reference(), remote, false), events::add);
        }
        assertEquals(2, events.stream().filter(ev -> ev instanceof Event.Step s
                && s.description().endsWith("already there")).count(), events.toString());
    }

    @Test
    void anImageWhoseLayerBlobIsGoneIsRefusedNamingTheLayer() throws IOException {
        ImageReference remote = ImageReference.parse(registry.host() + "/push/broken:1");
        try (XcEngine e = engine("c")) {
            ImageInfo local = importTree(e, "local/broken:1");
            BlobStore blobs = BlobStore.open(e.config().layersDir());
            Digest layer = ImageJson.readManifest(blobs.read(local.digest())).layers().getFirst().digest();
            assertTrue(blobs.delete(layer));
            XcException x = assertThrows(XcException.class,
                    () -> e.push(new PushRequest(local.reference(), remote, false), ev -> { }));
            assertEquals(ErrorCode.BLOB_NOT_FOUND, x.code());
            assertEquals("cannot push local/broken:1: layer " + layer + " is not in the blob store", x.getMessage());
        }
        try (RegistryClient c = RegistryClient.builder().insecure(registry.host()).build()) {
            assertThrows(XcException.class, () -> c.fetchManifest(remote), "nothing was pushed");
        }
    }

    @Test
    void aLocalReferenceThatIsNotStoredIsNotFound() {
        try (XcEngine e = engine("d")) {
            XcException x = assertThrows(XcException.class, () -> e.push(new PushRequest(
                    ImageReference.parse("local/none:1"), ImageReference.parse(registry.host() + "/x/y:1"), false),
                    ev -> { }));
            assertEquals(ErrorCode.IMAGE_NOT_FOUND, x.code());
        }
    }
}
