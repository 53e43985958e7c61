package dev.xc.server.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.container.RunRequest;
import dev.xc.api.image.ImageReference;
import dev.xc.api.net.PortPublish;
import dev.xc.client.wire.Route;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The access policy as a pure unit: root, other users, owners. */
class AccessPolicyTest {

    static final Peer ROOT = new Peer(0, "root");
    static final Peer BOB = new Peer(1001, "bob");
    static final Peer EVE = new Peer(1002, "eve");

    final AccessPolicy policy = new AccessPolicy();

    @Test
    void rootMayCallEveryRoute() {
        for (Route r : Route.values()) {
            assertDoesNotThrow(() -> policy.checkRoute(ROOT, r), r.name());
        }
    }

    @Test
    void otherUsersMayReadButNotCallRootRoutes() {
        for (Route r : Route.values()) {
            if (r.access() == Route.Access.ROOT) {
                XcException e = assertThrows(XcException.class, () -> policy.checkRoute(BOB, r), r.name());
                assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
            } else {
                assertDoesNotThrow(() -> policy.checkRoute(BOB, r), r.name());
            }
        }
        XcException e = assertThrows(XcException.class, () -> policy.checkRoute(BOB, Route.NETWORKS_CREATE));
        assertEquals("permission denied: user 'bob' (uid 1001) may not create networks (POST /v1/networks); "
                + "only root may", e.getMessage());
        assertEquals("run the command as root, e.g. with sudo or doas", e.hint());
        for (Route r : List.of(Route.INFO, Route.NETWORKS_LIST, Route.NETWORKS_INSPECT, Route.CONTAINERS_LIST,
                Route.CONTAINERS_INSPECT, Route.IMAGES_LIST, Route.IMAGES_INSPECT, Route.VOLUMES_LIST,
                Route.REDIRECTS_LIST)) {
            assertEquals(Route.Access.READ, r.access(), r + " is read-only");
        }
    }

    @Test
    void anUnknownPeerIsNotRoot() {
        assertThrows(XcException.class, () -> policy.checkRoute(Peer.unknown(), Route.VOLUMES_CREATE));
    }

    @Test
    void ownersManageTheirContainersAndNobodyElsesExceptRoot() {
        Map<String, String> ids = Map.of("web", "c1", "c1", "c1", "db", "c2");
        policy.recordOwner("c1", BOB);
        assertDoesNotThrow(() -> policy.checkOwner(BOB, "web", ids::get));
        assertDoesNotThrow(() -> policy.checkOwner(BOB, "c1", ids::get));
        assertDoesNotThrow(() -> policy.checkOwner(ROOT, "web", ids::get));
        XcException e = assertThrows(XcException.class, () -> policy.checkOwner(EVE, "web", ids::get));
        assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
        assertEquals("permission denied: container 'web' belongs to uid 1001, not to user 'eve' (uid 1002)",
                e.getMessage());
        XcException noOwner = assertThrows(XcException.class, () -> policy.checkOwner(BOB, "db", ids::get));
        assertEquals("permission denied: container 'db' has no recorded owner, so only root may manage it "
                + "(user 'bob' (uid 1001) asked)", noOwner.getMessage());
        policy.forget("c1");
        assertThrows(XcException.class, () -> policy.checkOwner(BOB, "web", ids::get));
    }

    @Test
    void aPlainRunIsAllowedButHostFeaturesAreRootsAllReportedAtOnce() {
        ImageReference img = ImageReference.parse("freebsd:14");
        RunRequest plain = RunRequest.builder(img).build();
        assertDoesNotThrow(() -> policy.checkRun(BOB, plain));

        RunRequest host = RunRequest.builder(img)
                .jailParam("path=/")
                .volume("/etc:/mnt/etc")
                .network("web")
                .publish("22:22")
                .build();
        assertDoesNotThrow(() -> policy.checkRun(ROOT, host));
        XcException e = assertThrows(XcException.class, () -> policy.checkRun(BOB, host));
        assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("permission denied: user 'bob' (uid 1001) may not use these features "
                + "of a run"), e.getMessage());
        assertEquals("-o sets jail parameters [path]", e.problems().get(0).message());
        assertEquals("-v /etc mounts a host directory", e.problems().get(1).message());
        assertEquals("-p 22:22 redirects the privileged host port 22", e.problems().get(2).message());
        assertTrue(e.problems().stream().allMatch(p -> p.code() == ErrorCode.PERMISSION_DENIED));
    }

    @Test
    void publishingPrivilegedPortsIsRootsOnly() {
        assertDoesNotThrow(() -> policy.checkPublish(BOB, List.of(PortPublish.parse("8080:80"))));
        assertDoesNotThrow(() -> policy.checkPublish(ROOT, List.of(PortPublish.parse("80:80"))));
        XcException e = assertThrows(XcException.class,
                () -> policy.checkPublish(BOB, List.of(PortPublish.parse("80:80"))));
        assertEquals(ErrorCode.PERMISSION_DENIED, e.code());
    }

    @Test
    void identitiesAndDescriptions() {
        assertEquals("uid:1001", BOB.identity());
        assertEquals("user:ghost", new Peer(-1, "ghost").identity());
        assertEquals("user 'ghost'", new Peer(-1, "ghost").describe());
        assertTrue(ROOT.isRoot());
        assertThrows(IllegalArgumentException.class, () -> new Peer(-2, "x"));
    }

    @Test
    void uidsComeFromThePasswordFileWhenTheNameIsNotNumeric() throws Exception {
        java.nio.file.Path pw = java.nio.file.Files.createTempFile("passwd", "");
        try {
            java.nio.file.Files.writeString(pw, "root:x:0:0::/root:/bin/sh\nbob:x:1001:1001::/home/bob:/bin/sh\n");
            PeerCredentials c = new PeerCredentials(pw);
            assertEquals(1001, c.uidOf("bob"));
            assertEquals(-1, c.uidOf("nobody-here"));
        } finally {
            java.nio.file.Files.delete(pw);
        }
    }
}
