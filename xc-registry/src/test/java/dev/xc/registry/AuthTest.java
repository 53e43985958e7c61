package dev.xc.registry;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.Platform;
import dev.xc.api.image.PlatformPolicy;
import dev.xc.api.image.RegistryCredentials;
import dev.xc.testkit.registry.RegistryServer;
import dev.xc.testkit.registry.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Basic and bearer-token authentication against the real registry. */
class AuthTest {

    static final String SECRET = "s3cr3t-Passw0rd";
    static RegistryServer basic;
    static TokenServer tokens;
    static RegistryServer tokenRegistry;

    @BeforeAll
    static void start() {
        assumeTrue(RegistryServer.isAvailable(), "docker-registry is not installed");
        basic = RegistryServer.builder().basicAuth("alice", SECRET).start();
        tokens = TokenServer.start().user("bob", SECRET).anonymousPull(true);
        tokenRegistry = RegistryServer.builder().tokenAuth(tokens).start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {basic, tokenRegistry, tokens}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    static RegistryClient client(RegistryServer r, Optional<String> user, String password) {
        RegistryClient.Builder b = RegistryClient.builder().retryPolicy(RetryPolicy.none());
        if (user.isPresent()) {
            b.credentials(CredentialSource.of(new RegistryCredentials(r.host(), user.get(), password, true)));
        } else {
            b.insecure(r.host());
        }
        return b.build();
    }

    static void assertNoSecret(XcException e) {
        String all = e.getMessage() + " " + e.hint() + " " + e;
        assertFalse(all.contains(SECRET), all);
        assertFalse(all.contains("wrong-password"), all);
    }

    @Test
    void basicAuthPushAndPull() {
        TestImages.Image img = TestImages.image(Platform.of("freebsd", "amd64"), 21, 40_000, 10);
        ImageReference ref = ImageReference.parse(basic.host() + "/team/app:1");
        try (RegistryClient c = client(basic, Optional.of("alice"), SECRET)) {
            c.ping(basic.host());
            c.pushBlobs(ref, img.blobs(), Optional.empty());
            c.pushManifest(ref, img.manifest());
            ResolvedImage r = c.resolve(ref, PlatformPolicy.preferFreeBsd("amd64"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            c.pullBlob(ref, r.manifest().layers().getFirst(), out);
            assertArrayEquals(PullPushTest.readAll(img.layers().getFirst()), out.toByteArray());
        }
        try (RegistryClient anon = client(basic, Optional.empty(), "")) {
            XcException e = assertThrows(XcException.class, () -> anon.fetchManifest(ref));
            assertEquals(ErrorCode.REGISTRY_UNAUTHORIZED, e.code());
            assertEquals("registry " + basic.host() + " requires a user name and password", e.getMessage());
            assertEquals("log in first: xc login --username NAME " + basic.host(), e.hint());
        }
        try (RegistryClient wrong = client(basic, Optional.of("alice"), "wrong-password")) {
            XcException e = assertThrows(XcException.class, () -> wrong.fetchManifest(ref));
            assertEquals(ErrorCode.REGISTRY_UNAUTHORIZED, e.code());
            assertTrue(e.getMessage().startsWith("cannot pull manifest " + ref + ": registry " + basic.host()
                    + " answered 401"), e.getMessage());
            assertTrue(e.hint().contains("were refused"), e.hint());
            assertNoSecret(e);
        }
    }

    @Test
    void bearerTokensAnonymousAndCredentialed() {
        TestImages.Image img = TestImages.image(Platform.of("linux", "amd64"), 22, 30_000, 20);
        ImageReference ref = ImageReference.parse(tokenRegistry.host() + "/team/tokened:1");
        try (RegistryClient bob = client(tokenRegistry, Optional.of("bob"), SECRET)) {
            bob.ping(tokenRegistry.host());
            bob.pushBlobs(ref, img.blobs(), Optional.empty());
            bob.pushManifest(ref, img.manifest());
        }
        try (RegistryClient anon = client(tokenRegistry, Optional.empty(), "")) {
            int before = tokens.requestCount();
            Manifest m = anon.fetchManifest(ref);
            assertEquals(img.manifest(), m);
            for (BlobSource b : img.blobs()) {
                assertArrayEquals(PullPushTest.readAll(b), anon.fetchBlob(ref, b.descriptor()));
            }
            // one token for the pull scope, reused for every later request of that scope
            assertEquals(1, tokens.requestCount() - before);
            assertTrue(tokens.scopesAsked().contains("repository:team/tokened:pull"), tokens.scopesAsked().toString());

            TestImages.Image other = TestImages.image(Platform.of("linux", "amd64"), 23, 10);
            XcException e = assertThrows(XcException.class,
                    () -> anon.pushBlob(ref, other.layers().getFirst(), Optional.empty()));
            assertEquals(ErrorCode.REGISTRY_UNAUTHORIZED, e.code(), e.getMessage());
            assertTrue(e.getMessage().startsWith("cannot upload blob " + other.layers().getFirst().descriptor().digest() + " to " + ref.registry() + "/team/tokened: registry " + ref.registry() + " answered 401 UNAUTHORIZED"), e.getMessage());
        }
        try (RegistryClient wrong = client(tokenRegistry, Optional.of("bob"), "wrong-password")) {
            XcException e = assertThrows(XcException.class, () -> wrong.fetchManifest(ref));
            assertEquals(ErrorCode.REGISTRY_UNAUTHORIZED, e.code());
            assertEquals("the token service 127.0.0.1 of registry " + tokenRegistry.host()
                    + " refused the credentials configured for " + tokenRegistry.host()
                    + " for repository:team/tokened:pull (401)", e.getMessage());
            assertNoSecret(e);
        }
    }

    @Test
    void expiredTokensAreRenewed() throws Exception {
        TestImages.Image img = TestImages.image(Platform.of("linux", "amd64"), 24, 100);
        ImageReference ref = ImageReference.parse(tokenRegistry.host() + "/team/short:1");
        try (RegistryClient bob = client(tokenRegistry, Optional.of("bob"), SECRET)) {
            bob.pushBlobs(ref, img.blobs(), Optional.empty());
            bob.pushManifest(ref, img.manifest());
        }
        tokens.tokenLifetime(Duration.ofSeconds(1));
        try (RegistryClient anon = client(tokenRegistry, Optional.empty(), "")) {
            int before = tokens.requestCount();
            anon.fetchManifest(ref);
            anon.fetchManifest(ref);
            assertEquals(1, tokens.requestCount() - before);
            Thread.sleep(1100);
            anon.fetchManifest(ref);
            assertEquals(2, tokens.requestCount() - before);
        } finally {
            tokens.tokenLifetime(Duration.ofMinutes(5));
        }
    }
}
