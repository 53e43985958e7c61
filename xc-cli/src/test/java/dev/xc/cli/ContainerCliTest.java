package dev.xc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container commands on the embedded engine of this (Linux) host, where no jail runtime works: the checks
 * before a run say so, --dry-run prints the plan with every problem, and the other commands report missing
 * containers. Runs end to end are tested through xcd on the simulated host ({@link ContainerRemoteCliTest}).
 */
class ContainerCliTest {

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

    private String state() {
        return tmp.resolve("state").toString();
    }

    @Test
    void dryRunListsEveryProblemIncludingTheMissingJailRuntime() {
        Out r = xc("run", "--embedded", "--state-dir", state(), "--dry-run", "--name", "web", "-e", "A=1",
                "example.org/nothing:1", "/bin/sh", "-c", "echo hi");
        assertEquals(5, r.exit(), r.err());
        assertTrue(r.out().startsWith("plan for example.org/nothing:1 (nothing was changed):\n"), r.out());
        assertTrue(r.out().contains("problems (the run would not start):\n  - no jail runtime on this host: "),
                r.out());
        assertTrue(r.out().contains("    hint: run xc on FreeBSD (as root), or talk to an xcd that runs there with "
                + "-s SOCKET\n"), r.out());
        assertTrue(r.out().contains("  - no local image example.org/nothing:1\n"
                + "    hint: pull it first: xc pull example.org/nothing:1"), r.out());
    }

    @Test
    void dryRunAsJson() throws Exception {
        Out r = xc("run", "--embedded", "--state-dir", state(), "--dry-run", "--json", "example.org/nothing:1");
        assertEquals(5, r.exit(), r.err());
        JsonNode plan = new ObjectMapper().readTree(r.out());
        assertEquals("example.org/nothing:1", plan.get("request").get("image").asText());
        assertTrue(plan.get("problems").size() >= 2, r.out());
        assertTrue(plan.get("problems").get(0).get("message").asText().startsWith("no jail runtime on this host"),
                r.out());
    }

    @Test
    void runWithoutAJailRuntimeFailsWithEveryProblem() {
        Out r = xc("run", "--embedded", "--state-dir", state(), "example.org/nothing:1");
        assertEquals(5, r.exit(), r.out());
        assertTrue(r.err().startsWith("xc: the checks before the run found 2 problems"), r.err());
        assertTrue(r.err().contains("  - no jail runtime on this host: "), r.err());
        assertTrue(r.err().contains("  - no local image example.org/nothing:1 (pull it first"), r.err());
    }

    @Test
    void runFlagsAreParsedWithTheOriginalsSpellings() {
        Out r = xc("run", "--embedded", "--state-dir", state(), "--dry-run", "-d", "--name", "w", "--hostname",
                "w.example", "-e", "K=V", "-v", "/srv:/data:ro", "--network", "example|172.17.0.200", "-p",
                "8080:80", "--dns", "1.1.1.1", "--dns-search", "example.org", "-o", "allow.raw_sockets=1", "--usdt",
                "--persist", "--no-clean", "--restart", "on-failure:3", "--memory", "512M", "-z", "D:tank/data",
                "example.org/nothing:1");
        assertEquals(5, r.exit(), r.err());
        Out bad = xc("run", "--embedded", "--state-dir", state(), "--dns-nop", "--empty-dns", "example.org/x:1");
        assertEquals(2, bad.exit(), bad.err());
        Out noImage = xc("run", "--embedded", "--state-dir", state());
        assertEquals(2, noImage.exit());
        assertTrue(noImage.err().contains("Missing required parameter: 'IMAGE'"), noImage.err());
    }

    @Test
    void psIsEmptyAndMissingContainersAreNotFound() {
        Out ps = xc("ps", "--embedded", "--state-dir", state());
        assertEquals(0, ps.exit(), ps.err());
        assertEquals("JID  ID  IMAGE  STATE  MAIN  IPS  NAME  OS\n", ps.out());
        assertEquals("[ ]\n", xc("ps", "--json", "--embedded", "--state-dir", state()).out());
        for (String[] cmd : new String[][] {{"show", "nope"}, {"kill", "nope"}, {"rm", "nope"}, {"logs", "nope"},
                {"start", "nope"}, {"exec", "nope", "/bin/sh"}}) {
            String[] args = new String[cmd.length + 3];
            args[0] = cmd[0];
            args[1] = "--embedded";
            args[2] = "--state-dir";
            System.arraycopy(cmd, 1, args, 4, cmd.length - 1);
            args[3] = state();
            Out r = xc(args);
            assertEquals(3, r.exit(), String.join(" ", cmd) + ": " + r.err());
            assertTrue(r.err().startsWith("xc: no such container: nope\n"), r.err());
        }
        Out badCol = xc("ps", "--embedded", "--state-dir", state(), "JID,NOPE");
        assertEquals(2, badCol.exit());
        assertTrue(badCol.err().startsWith("xc: unknown ps column 'NOPE'"), badCol.err());
    }
}
