package dev.xc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xc.api.Engine;
import dev.xc.engine.ConfigLoader;
import dev.xc.engine.EmbeddedEngines;
import dev.xc.engine.EngineConfig;
import dev.xc.server.XcdServer;
import dev.xc.testkit.SimulatedHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code xc} through a real xcd on a real socket: the CLI holds no engine of its own. */
class RemoteCliTest {

    static {
        // the daemon's modules are test dependencies: let this module read them, as a program embedding xcd would
        for (String m : new String[] {"dev.xc.engine", "dev.xc.server", "dev.xc.testkit"}) {
            ModuleLayer.boot().findModule(m).ifPresent(RemoteCliTest.class.getModule()::addReads);
        }
    }

    @TempDir
    Path tmp;

    Engine engine;
    XcdServer server;
    Path sock;

    @BeforeEach
    void start() {
        EngineConfig cfg = new ConfigLoader(Map.of("HOME", tmp.toString()), tmp.resolve("none.conf"))
                .load(Optional.empty(), Optional.of(tmp.resolve("daemon-state")), Map.of()).config();
        engine = EmbeddedEngines.open(cfg, SimulatedHost.create(), ModuleLayer.boot());
        sock = tmp.resolve("run/xc.sock");
        server = XcdServer.start(engine, sock, Optional.empty(), line -> { });
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    record Out(int exit, String out, String err) {
    }

    private Out xc(Map<String, String> env, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        Map<String, String> full = new HashMap<>(env);
        full.putIfAbsent("HOME", tmp.resolve("client-home").toString());
        int rc = Main.run(args, new PrintWriter(o), new PrintWriter(e), full);
        return new Out(rc, o.toString(), e.toString());
    }

    private Out xc(String... args) {
        return xc(Map.of(), args);
    }

    @Test
    void networkCreateThenListThroughTheDaemon() throws Exception {
        Out created = xc("network", "create", "-s", sock.toString(), "--alias", "lo1", "web", "10.20.0.0/24");
        assertEquals(0, created.exit(), created.err());
        // the daemon's engine holds the network: the CLI stored nothing of its own
        assertEquals("web", engine.inspectNetwork("web").spec().name());
        assertFalse(Files.exists(tmp.resolve("client-home/.local/share/xc")), "no embedded engine was opened");

        Out listed = xc("network", "list", "-s", sock.toString(), "--json");
        assertEquals(0, listed.exit(), listed.err());
        JsonNode list = new ObjectMapper().readTree(listed.out());
        assertEquals(1, list.size(), listed.out());
        assertEquals("web", list.get(0).get("spec").get("name").asText());
        assertEquals("10.20.0.0/24", list.get(0).get("spec").get("subnet").asText());
        assertEquals("lo1", list.get(0).get("spec").get("aliasInterface").asText());
    }

    @Test
    void infoSaysRemoteAndErrorsKeepTheirCodeAndExitStatus() throws Exception {
        Out info = xc("info", "-s", sock.toString(), "--json");
        assertEquals(0, info.exit(), info.err());
        JsonNode n = new ObjectMapper().readTree(info.out());
        assertEquals("remote", n.get("mode").asText());
        assertEquals(tmp.resolve("daemon-state").toString(), n.get("configuration").get("state_dir").asText());

        assertEquals(0, xc("network", "create", "-s", sock.toString(), "--alias", "lo1", "web", "10.20.0.0/24").exit());
        Out again = xc("network", "create", "-s", sock.toString(), "--alias", "lo1", "web", "10.30.0.0/24");
        assertEquals(4, again.exit(), "conflict: " + again.out() + again.err());
        Out local = new Out(0, "", "");
        try {
            engine.createNetwork(engine.inspectNetwork("web").spec());
        } catch (dev.xc.api.XcException e) {
            local = new Out(4, "", "xc: " + e.getMessage() + "\n" + (e.hint().isEmpty() ? "" : "hint: " + e.hint() + "\n"));
        }
        assertEquals(local.err().replace("10.20.0.0/24", "10.30.0.0/24").lines().findFirst().orElseThrow()
                .replaceAll("10\\.\\d+\\.0\\.0/24", "X"), again.err().lines().findFirst().orElseThrow()
                .replaceAll("10\\.\\d+\\.0\\.0/24", "X"), "the daemon's message, as the engine words it");

        Out missing = xc("network", "inspect", "-s", sock.toString(), "nope");
        assertEquals(3, missing.exit(), missing.err());
        assertTrue(missing.err().startsWith("xc: "), missing.err());
    }

    @Test
    void withoutDashSTheDaemonOfTheStateDirectoryIsFound() throws Exception {
        // an xcd on the embedded default listens at STATE/xc.sock: XC_STATE_DIR leads the CLI there
        Path state = tmp.resolve("shared-state");
        try (XcdServer second = XcdServer.start(engine, state.resolve("xc.sock"), Optional.empty(), l -> { })) {
            Out info = xc(Map.of("XC_STATE_DIR", state.toString()), "info", "--json");
            assertEquals(0, info.exit(), info.err());
            assertEquals("remote", new ObjectMapper().readTree(info.out()).get("mode").asText());
        }
    }

    @Test
    void aStaleSocketIsDaemonUnreachableWithTheSocketNamed() {
        server.close();
        // a stale socket left behind: Jetty removed it on stop, so make a dead one
        Out r = xc("info", "--remote", "-s", tmp.resolve("absent.sock").toString());
        assertEquals(8, r.exit());
        assertTrue(r.err().contains(tmp.resolve("absent.sock").toString()), r.err());
    }
}
