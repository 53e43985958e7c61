package dev.xc.server;

import dev.xc.api.Engine;
import dev.xc.api.EngineInfo;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.NetworkInfo;
import dev.xc.api.net.NetworkSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remote engine against a real xcd on a real socket, compared with the embedded engine behind it. */
class RemoteRoundTripTest {

    @TempDir
    Path tmp;

    Engine embedded;
    XcdServer server;
    Engine remote;

    @BeforeEach
    void start() {
        embedded = Daemons.embedded(tmp);
        server = Daemons.serve(embedded, tmp.resolve("xc.sock"));
        remote = Daemons.remote(tmp.resolve("xc.sock"));
    }

    @AfterEach
    void stop() {
        remote.close();
        server.close();
        embedded.close();
    }

    static NetworkSpec spec(String name, String subnet) {
        return new NetworkSpec(name, Cidr.parse(subnet), Optional.of("lo1"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void infoIsTheEmbeddedEnginesSaveItsMode() {
        EngineInfo local = embedded.info();
        EngineInfo there = remote.info();
        assertEquals("remote", there.mode());
        assertEquals(new EngineInfo(local.version(), "remote", local.host(), local.providers(), local.configuration(),
                local.setup(), local.warnings()), there);
        assertEquals(List.copyOf(local.configuration().keySet()), List.copyOf(there.configuration().keySet()),
                "the configuration keeps its order");
    }

    @Test
    void networksRoundTrip() {
        NetworkInfo created = remote.createNetwork(spec("web", "10.7.0.0/24"));
        assertEquals(embedded.inspectNetwork("web"), created);
        remote.createNetwork(spec("db", "10.8.0.0/24"));
        assertEquals(embedded.networks(), remote.networks());
        assertEquals(2, remote.networks().size());
        assertEquals(embedded.inspectNetwork("db"), remote.inspectNetwork("db"));
        remote.removeNetwork("web");
        assertEquals(List.of("db"), embedded.networks().stream().map(n -> n.spec().name()).toList());
        assertEquals(embedded.networks(), remote.networks());
    }

    @Test
    void errorsKeepCodeMessageHintAndProblems() {
        remote.createNetwork(spec("web", "10.7.0.0/24"));
        XcException here = assertThrows(XcException.class, () -> embedded.createNetwork(spec("web", "10.9.0.0/24")));
        XcException there = assertThrows(XcException.class, () -> remote.createNetwork(spec("web", "10.9.0.0/24")));
        assertEquals(ErrorCode.NAME_IN_USE, there.code());
        assertSame(here, there);

        XcException missingHere = assertThrows(XcException.class, () -> embedded.inspectNetwork("nope"));
        XcException missingThere = assertThrows(XcException.NotFound.class, () -> remote.removeNetwork("nope"));
        assertEquals(ErrorCode.NETWORK_NOT_FOUND, missingThere.code());
        assertEquals(missingHere.code(), missingThere.code());

        XcException volHere = assertThrows(XcException.class, () -> embedded.removeVolume("nope"));
        XcException volThere = assertThrows(XcException.NotFound.class, () -> remote.removeVolume("nope"));
        assertEquals(ErrorCode.VOLUME_NOT_FOUND, volThere.code());
        assertSame(volHere, volThere);

        XcException niHere = assertThrows(XcException.class, () -> embedded.trace("c", List.of(), line -> { }));
        XcException niThere = assertThrows(XcException.Unsupported.class, () -> remote.trace("c", List.of(), line -> { }));
        assertEquals(ErrorCode.NOT_IMPLEMENTED, niThere.code());
        assertSame(niHere, niThere);
    }

    static void assertSame(XcException expected, XcException actual) {
        assertEquals(expected.getClass(), actual.getClass());
        assertEquals(expected.code(), actual.code());
        assertEquals(expected.getMessage(), actual.getMessage());
        assertEquals(expected.hint(), actual.hint());
        assertEquals(expected.problems(), actual.problems());
    }

    @Test
    void theCallerIsSeenAsRootWithUidZero() throws Exception {
        Daemons.Http r = Daemons.http(tmp.resolve("xc.sock"), "GET", "/v1/peer", "");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.body().contains("\"uid\":0"), r.body());
        assertTrue(r.body().contains("\"root\":true"), r.body());
    }

    @Test
    void unknownRoutesAndBadBodiesAreErrorsInTheEnvelope() throws Exception {
        Daemons.Http r = Daemons.http(tmp.resolve("xc.sock"), "GET", "/v1/nothing", "");
        assertEquals(404, r.status());
        assertTrue(r.body().contains("\"code\":\"not-implemented\""), r.body());
        assertTrue(r.body().contains("xcd has no route GET /v1/nothing"), r.body());

        Daemons.Http wrongMethod = Daemons.http(tmp.resolve("xc.sock"), "PUT", "/v1/networks", "{}");
        assertEquals(405, wrongMethod.status(), wrongMethod.body());

        Daemons.Http bad = Daemons.http(tmp.resolve("xc.sock"), "POST", "/v1/networks", "{\"name\":");
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("\"code\":\"invalid-argument\""), bad.body());
        assertTrue(bad.body().contains("invalid NetworkSpec in the body of POST /v1/networks"), bad.body());

        Daemons.Http badCidr = Daemons.http(tmp.resolve("xc.sock"), "POST", "/v1/networks",
                "{\"name\":\"x\",\"subnet\":\"10.0.0.0/99\"}");
        assertEquals(400, badCidr.status(), badCidr.body());
        XcException local = assertThrows(XcException.class, () -> Cidr.parse("10.0.0.0/99"));
        assertTrue(badCidr.body().contains(local.code().id()), badCidr.body());
    }

    @Test
    void aMissingSocketIsDaemonUnreachable() {
        XcException e = assertThrows(XcException.class, () -> Daemons.remote(tmp.resolve("absent.sock")));
        assertEquals(ErrorCode.DAEMON_UNREACHABLE, e.code());
        assertEquals("cannot connect to xcd at " + tmp.resolve("absent.sock") + ": no such socket", e.getMessage());
        assertEquals("start the daemon (xcd), pass its socket with -s PATH, or use --embedded", e.hint());
    }

    @Test
    void aDaemonThatStoppedIsDaemonUnreachable() {
        server.close();
        XcException e = assertThrows(XcException.class, () -> remote.networks());
        assertEquals(ErrorCode.DAEMON_UNREACHABLE, e.code());
        assertTrue(e.getMessage().startsWith("cannot "), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve("xc.sock").toString()), e.getMessage());
        assertTrue(Optional.of(e.hint()).get().contains("--embedded"), e.hint());
    }
}
