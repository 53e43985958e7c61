package dev.xc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    @TempDir
    Path tmp;

    record Out(int exit, String out, String err) {
    }

    private Out xc(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int rc = Main.run(args, new PrintWriter(o), new PrintWriter(e), Map.of("HOME", tmp.toString()));
        return new Out(rc, o.toString(), e.toString());
    }

    @Test
    void infoAsJsonDescribesTheEmbeddedEngine() throws Exception {
        Out r = xc("info", "--embedded", "--state-dir", tmp.resolve("state").toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode info = new ObjectMapper().readTree(r.out());
        assertEquals("embedded", info.get("mode").asText());
        assertEquals(tmp.resolve("state").toString(), info.get("configuration").get("state_dir").asText());
        assertTrue(info.get("providers").isArray());
        assertTrue(Files.isDirectory(tmp.resolve("state")), "the state directory is created");
    }

    @Test
    void infoAsTextListsBackendsAndConfiguration() {
        Out r = xc("info", "--embedded", "--state-dir", tmp.resolve("s").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("backends:"), r.out());
        assertTrue(r.out().contains("directory"), r.out());
        assertTrue(r.out().contains("state_dir"), r.out());
    }

    @Test
    void withoutADaemonTheDefaultIsEmbedded() {
        Out r = xc("info", "-s", tmp.resolve("absent.sock").toString(), "--state-dir", tmp.resolve("s").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("xc "), r.out());
        assertTrue(r.out().contains("(embedded)"), r.out());
    }

    @Test
    void remoteWithoutADaemonSaysHowToFixIt() {
        Out r = xc("info", "--remote", "-s", tmp.resolve("absent.sock").toString());
        assertEquals(8, r.exit());
        assertEquals("xc: cannot connect to xcd at " + tmp.resolve("absent.sock") + ": no such socket\n"
                + "hint: start the daemon (xcd), pass its socket with -s PATH, or use --embedded\n", r.err());
    }

    @Test
    void errorsInJsonModeAreJsonOnStdout() throws Exception {
        Out r = xc("info", "--remote", "--json", "-s", tmp.resolve("absent.sock").toString());
        assertEquals(8, r.exit());
        JsonNode err = new ObjectMapper().readTree(r.out()).get("error");
        assertEquals("daemon-unreachable", err.get("code").asText());
        assertEquals("remote", err.get("category").asText());
    }

    @Test
    void contradictoryFlagsAreAUsageError() {
        Out r = xc("info", "--embedded", "--remote");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("xc: --embedded and --remote exclude each other"), r.err());
    }

    @Test
    void aBadConfigurationListsEveryProblem() throws Exception {
        Path conf = tmp.resolve("xc.conf");
        Files.writeString(conf, "image_datset: a\ndevfs_id_offset: 0\n");
        Out r = xc("info", "--embedded", "--config", conf.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("has 2 problems"), r.err());
        assertTrue(r.err().contains("unknown key 'image_datset' (did you mean 'image_dataset'?)"), r.err());
        assertTrue(r.err().contains("key 'devfs_id_offset' must be from 1 to 65535, found 0"), r.err());
    }

    @Test
    void networksAreCreatedListedAndRemoved() throws Exception {
        String state = tmp.resolve("n").toString();
        Out created = xc("network", "create", "--alias", "lo1", "--default-router", "172.17.0.1", "example",
                "172.17.0.0/24", "--embedded", "--state-dir", state);
        assertEquals(0, created.exit(), created.err());
        assertEquals("created network example 172.17.0.0/24 (253 addresses)\n", created.out());
        Out list = xc("network", "list", "--embedded", "--state-dir", state);
        assertEquals("NAME     SUBNET         ALIAS  BRIDGE  ROUTER      USED  FREE\n"
                + "example  172.17.0.0/24  lo1    -       172.17.0.1  0     253\n", list.out());
        JsonNode json = new ObjectMapper().readTree(xc("network", "list", "--json", "--embedded", "--state-dir", state).out());
        assertEquals("172.17.0.0/24", json.get(0).get("spec").get("subnet").asText());
        assertEquals("172.17.0.1", json.get(0).get("spec").get("defaultRouter").asText());
        Out dup = xc("network", "create", "example", "10.0.0.0/8", "--embedded", "--state-dir", state);
        assertEquals(4, dup.exit());
        assertTrue(dup.err().startsWith("xc: network 'example' already exists\n"), dup.err());
        Out bad = xc("network", "create", "x", "300.1.1.0/24", "--embedded", "--state-dir", state);
        assertEquals(2, bad.exit(), bad.err());
        Out rm = xc("network", "remove", "example", "--embedded", "--state-dir", state);
        assertEquals(0, rm.exit(), rm.err());
        Out missing = xc("network", "inspect", "example", "--embedded", "--state-dir", state);
        assertEquals(3, missing.exit());
        assertTrue(missing.err().startsWith("xc: no such network: example\n"), missing.err());
    }

    @Test
    void helpAndUnknownCommands() {
        Out help = xc("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("info"), help.out());
        Out bad = xc("frobnicate");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("Unmatched argument at index 0: 'frobnicate'"), bad.err());
    }
}
