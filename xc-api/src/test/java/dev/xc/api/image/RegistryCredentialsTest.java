package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Optional;

import static dev.xc.api.image.Fixtures.assertXc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryCredentialsTest {

    @Test
    void toStringMasksTheSecret() {
        RegistryCredentials c = new RegistryCredentials("ghcr.io", "alice", "s3cr3t-T0ken", false);
        assertEquals("RegistryCredentials[server=ghcr.io, username=alice, secret=****, insecure=false]", c.toString());
    }

    @Property(tries = 200)
    void theSecretNeverAppearsInToString(@ForAll @AlphaChars @StringLength(min = 5, max = 30) String secret) {
        RegistryCredentials c = new RegistryCredentials("registry.example.org:5000", "bob", secret, true);
        assertFalse(c.toString().contains(secret), c.toString());
    }

    @Test
    void theSecretNeverAppearsInErrors() {
        for (String server : new String[] {"https://ghcr.io", "bad host", "h:0"}) {
            try {
                new RegistryCredentials(server, "u", "TOPSECRET", false);
            } catch (XcException e) {
                assertFalse(e.getMessage().contains("TOPSECRET") || e.hint().contains("TOPSECRET"));
                continue;
            }
            throw new AssertionError("accepted " + server);
        }
        XcException e = assertXc(ErrorCode.INVALID_ARGUMENT, "user name 'a:b'",
                () -> new RegistryCredentials("ghcr.io", "a:b", "TOPSECRET", false));
        assertFalse(e.getMessage().contains("TOPSECRET"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ghcr.io", "index.docker.io", "localhost", "localhost:5000", "10.0.0.1:443", "[::1]:5000",
            "[fd00::1]"})
    void acceptedServers(String server) {
        assertEquals(server, new RegistryCredentials(server, "u", "p", false).server());
    }

    @Test
    void serverIsLowerCased() {
        assertEquals("ghcr.io", new RegistryCredentials("GHCR.io", "u", "p", false).server());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://ghcr.io", "ghcr.io/v2/", "", "bad host", "-bad.io", "ghcr.io:", "ghcr.io:0",
            "ghcr.io:65536", "ghcr.io:http", "a..b"})
    void rejectedServers(String server) {
        assertXc(ErrorCode.INVALID_ARGUMENT, "invalid registry server '" + server + "'",
                () -> new RegistryCredentials(server, "u", "p", false));
    }

    @Test
    void emptySecretIsRejected() {
        assertXc(ErrorCode.INVALID_ARGUMENT, "the password or token for u@ghcr.io is empty",
                () -> new RegistryCredentials("ghcr.io", "u", "", false));
    }

    @Test
    void requestsHoldTheirParts() {
        ImageReference ref = ImageReference.parse("alpine:3");
        PullRequest pull = PullRequest.of(ref);
        assertEquals(Optional.empty(), pull.platform());
        assertEquals(Optional.empty(), pull.localName());
        PushRequest push = new PushRequest(ref, ImageReference.parse("localhost:5000/alpine:3"), true);
        assertTrue(push.insecure());
        ImportRequest imp = new ImportRequest(Path.of("/tmp/root.tar.zst"), ref, JailConfig.empty());
        assertEquals(JailConfig.empty(), imp.config());
    }
}
