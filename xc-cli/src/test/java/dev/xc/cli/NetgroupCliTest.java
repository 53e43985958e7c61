package dev.xc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code xc network tag [--no-commit] NETWORK CONTAINER} and {@code xc run --net-group} on the embedded engine of this
 * (Linux) host: the spellings parse, and a missing network or container, or a netgroup that is not one of the
 * container's networks, fail with their codes and messages. Hosts files of running members are tested in the engine
 * ({@code NetworkScenarioTest}).
 */
class NetgroupCliTest {

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
    void tagNamesAMissingNetworkThenAMissingContainer() {
        Out noNet = xc("network", "tag", "example", "web", "--embedded", "--state-dir", state());
        assertEquals(3, noNet.exit(), noNet.err());
        assertTrue(noNet.err().startsWith("xc: no such network: example\n"), noNet.err());
        assertEquals(0, xc("network", "create", "--alias", "lo1", "example", "172.17.0.0/24", "--embedded",
                "--state-dir", state()).exit());
        for (String[] cmd : new String[][] {{"network", "tag", "example", "web"},
                {"network", "tag", "--no-commit", "example", "web"}}) {
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(cmd),
                    java.util.stream.Stream.of("--embedded", "--state-dir", state())).toArray(String[]::new);
            Out r = xc(all);
            assertEquals(3, r.exit(), String.join(" ", cmd) + ": " + r.err());
            assertTrue(r.err().startsWith("xc: no such container: web\n"), r.err());
        }
    }

    @Test
    void tagNeedsANetworkAndAContainer() {
        Out r = xc("network", "tag", "example", "--embedded", "--state-dir", state());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("Missing required parameter: 'CONTAINER'"), r.err());
        Out bad = xc("network", "tag", "1x", "web", "--embedded", "--state-dir", state());
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("'1x'"), bad.err());
    }

    @Test
    void theNetworkHelpListsTag() {
        Out r = xc("network", "--help");
        assertTrue(r.out().contains("  tag "), r.out());
        Out tag = xc("network", "tag", "--help");
        assertTrue(tag.out().contains("--no-commit"), tag.out());
    }

    @Test
    void aNetGroupThatIsNotANetworkOfTheRunIsRefusedWithTheOtherProblems() {
        Out r = xc("run", "--embedded", "--state-dir", state(), "--dry-run", "--network", "example", "--net-group",
                "dmz", "--no-lo0", "example.org/img:1");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("cannot add container to netgroup dmz as network dmz does not exist"), r.err());
        assertTrue(r.err().contains("--no-lo0 needs --vnet"), r.err());
    }
}
