package dev.xc.registry;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.event.Event;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.Platform;
import dev.xc.api.image.RegistryCredentials;
import dev.xc.testkit.registry.FaultProxy;
import dev.xc.testkit.registry.FaultProxy.Fault;
import dev.xc.testkit.registry.RegistryServer;
import dev.xc.testkit.registry.StaticBlobServer;
import dev.xc.testkit.registry.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Faults injected by a proxy in front of the real registry (basic auth, so credentials are in play). */
class FaultTest {

    static final String SECRET = "fault-secret";
    static RegistryServer registry;
    static FaultProxy proxy;
    static TestImages.Image image;
    static ImageReference ref;
    static final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        assumeTrue(RegistryServer.isAvailable(), "docker-registry is not installed");
        registry = RegistryServer.builder().basicAuth("carol", SECRET).start();
        proxy = FaultProxy.start(registry.uri());
        image = TestImages.image(Platform.of("freebsd", "amd64"), 31, 200_000, 3000);
        ref = ImageReference.parse(proxy.host() + "/faults/app:1");
        try (RegistryClient c = client(RetryPolicy.defaults())) {
            c.pushBlobs(ref, image.blobs(), Optional.empty());
            c.pushManifest(ref, image.manifest());
        }
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void reset() {
        proxy.reset();
        events.clear();
    }

    static RegistryClient client(RetryPolicy retry) {
        return RegistryClient.builder()
                .credentials(CredentialSource.of(new RegistryCredentials(proxy.host(), "carol", SECRET, true)))
                .retryPolicy(retry).eventListener(events::add).readTimeout(Duration.ofSeconds(10)).build();
    }

    /** A client that already knows the registry wants basic auth, so the first faulted request carries it. */
    static RegistryClient ready() {
        RegistryClient c = client(fast());
        c.ping(proxy.host());
        proxy.reset();
        events.clear();
        return c;
    }

    static RetryPolicy fast() {
        return new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    BlobSource layer() {
        return image.layers().getFirst();
    }

    String blobPath() {
        return "/v2/faults/app/blobs/" + layer().descriptor().digest();
    }

    @Test
    void truncatedBlobIsResumedWithRange() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RegistryClient c = ready()) {
            proxy.inject("GET", "/v2/faults/app/blobs/.*", 1, new Fault.Truncate());
            c.pullBlob(ref, layer().descriptor(), out);
        }
        assertArrayEquals(PullPushTest.readAll(layer()), out.toByteArray());
        List<FaultProxy.Seen> gets = proxy.requests().stream()
                .filter(s -> s.method().equals("GET") && s.path().equals(blobPath())).toList();
        assertEquals(2, gets.size(), proxy.requests().toString());
        assertEquals(206, gets.get(1).status(), "the second request asks for the rest with Range");
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.Warning w && w.message().startsWith("resuming")), events.toString());
    }

    @Test
    void wrongBytesFailAndLeaveNothingBehind(@TempDir Path dir) throws Exception {
        proxy.inject("GET", "/v2/faults/app/blobs/.*", -1, new Fault.Corrupt());
        Path target = dir.resolve("layer.tar.gz");
        try (RegistryClient c = client(fast())) {
            XcException e = assertThrows(XcException.class,
                    () -> c.pullBlob(ref, layer().descriptor(), BlobSink.toFile(target)));
            assertEquals(ErrorCode.DIGEST_MISMATCH, e.code());
            assertEquals("blob " + layer().descriptor().digest() + " from " + proxy.host()
                    + "/faults/app does not match its digest; it was discarded", e.getMessage());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void corruptManifestIsRefused() {
        proxy.inject("GET", "/v2/faults/app/manifests/.*", -1, new Fault.Corrupt());
        try (RegistryClient c = client(fast())) {
            XcException e = assertThrows(XcException.class, () -> c.fetchManifest(ref));
            assertTrue(e.code() == ErrorCode.DIGEST_MISMATCH || e.code() == ErrorCode.MALFORMED_CONTENT,
                    e.code() + ": " + e.getMessage());
        }
    }

    @Test
    void serviceUnavailableThenSuccess() {
        proxy.inject("GET", "/v2/faults/app/manifests/.*", 2,
                new Fault.Respond(503, Map.of("Content-Type", "text/plain"), "busy"));
        try (RegistryClient c = client(fast())) {
            assertEquals(image.manifest(), c.fetchManifest(ref));
        }
        assertEquals(2, events.stream().filter(e -> e instanceof Event.Warning w
                && w.message().contains("after status 503")).count());
    }

    @Test
    void serviceUnavailableIsBounded() {
        proxy.inject("GET", "/v2/faults/app/manifests/.*", -1, new Fault.Respond(503, Map.of(), ""));
        try (RegistryClient c = client(fast())) {
            XcException e = assertThrows(XcException.class, () -> c.fetchManifest(ref));
            assertEquals(ErrorCode.REGISTRY_ERROR, e.code());
            assertEquals("cannot pull manifest " + ref + ": registry " + proxy.host()
                    + " answered 503 (after 4 attempts)", e.getMessage());
        }
        assertEquals(4, proxy.requests().stream().filter(s -> s.status() == 503).count());
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        proxy.inject("GET", "/v2/faults/app/manifests/.*", 1, new Fault.Respond(429, Map.of("Retry-After", "1",
                "Content-Type", "application/json"),
                "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}"));
        long start = System.nanoTime();
        try (RegistryClient c = client(fast())) {
            assertEquals(image.manifest(), c.fetchManifest(ref));
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 1000, "waited " + ms + " ms, Retry-After asked 1000");

        proxy.inject("GET", "/v2/faults/app/manifests/.*", -1, new Fault.Respond(429, Map.of("Retry-After", "3600",
                "Content-Type", "application/json"),
                "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}"));
        try (RegistryClient c = client(fast())) {
            XcException e = assertThrows(XcException.class, () -> c.fetchManifest(ref));
            assertEquals(ErrorCode.REGISTRY_RATE_LIMITED, e.code());
            assertTrue(e.getMessage().endsWith("answered 429 and asks to wait 3600 s, longer than the 5 s this "
                    + "client waits"), e.getMessage());
        }
    }

    @Test
    void unauthorizedLoopEndsAfterOneRefresh() {
        try (TokenServer tokens = TokenServer.start().user("carol", SECRET)) {
            String challenge = "Bearer realm=\"" + tokens.realm() + "\",service=\"" + tokens.service() + "\"";
            proxy.inject("GET", "/v2/faults/app/manifests/.*", -1, new Fault.Respond(401,
                    Map.of("WWW-Authenticate", challenge, "Content-Type", "application/json"),
                    "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"));
            try (RegistryClient c = client(fast())) {
                XcException e = assertThrows(XcException.class, () -> c.fetchManifest(ref));
                assertEquals(ErrorCode.REGISTRY_UNAUTHORIZED, e.code());
                assertEquals("cannot pull manifest " + ref + ": registry " + proxy.host()
                        + " answered 401 UNAUTHORIZED (authentication required)", e.getMessage());
                assertFalse(e.toString().contains(SECRET));
            }
            assertEquals(2, proxy.requests().size(), proxy.requests().toString());
            assertEquals(1, tokens.requestCount());
        }
    }

    @Test
    void redirectToAnotherHostCarriesNoCredentials() {
        byte[] bytes = PullPushTest.readAll(layer());
        try (StaticBlobServer storage = StaticBlobServer.start().put(blobPath(), bytes)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (RegistryClient c = ready()) {
                proxy.inject("GET", "/v2/faults/app/blobs/.*", 1, new Fault.Redirect(storage.uri()));
                c.pullBlob(ref, layer().descriptor(), out);
            }
            assertArrayEquals(bytes, out.toByteArray());
            assertEquals(List.of(false), storage.authorizations());
            List<FaultProxy.Seen> redirected = proxy.requests().stream().filter(s -> s.status() == 307).toList();
            assertEquals(1, redirected.size(), proxy.requests().toString());
            assertTrue(redirected.getFirst().authorized(), "the registry itself did get the credentials");
        }
    }

    @Test
    void connectionErrorsAreRetriedThenReported() {
        try (RegistryClient c = RegistryClient.builder().insecure("127.0.0.1:9").retryPolicy(fast())
                .eventListener(events::add).connectTimeout(Duration.ofSeconds(1)).build()) {
            XcException e = assertThrows(XcException.class, () -> c.ping("127.0.0.1:9"));
            assertEquals(ErrorCode.REGISTRY_UNREACHABLE, e.code());
            assertTrue(e.getMessage().endsWith("(tried 4 times)"), e.getMessage());
            assertTrue(e.hint().contains("--insecure"), e.hint());
        }
        assertEquals(3, events.stream().filter(e -> e instanceof Event.Warning).count());
    }
}
