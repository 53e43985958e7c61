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
 * {@code xc rdr} on the embedded engine of this (Linux) host: the sub-commands and flags parse with the original's
 * spellings, an empty engine has no redirects, and a missing container or a bad {@code -p} fail with their codes.
 * Redirects of running containers are tested in the engine ({@code NetworkScenarioTest}).
 */
class RdrCliTest {

    @TempDir
    Path tmp;

    record Out(int exit, String out, String err) {
    }

    private Out xc(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, 2);
        all[2] = "--embedded";
        all[3] = "--state-dir";
        all[4] = tmp.resolve("state").toString();
        System.arraycopy(args, 2, all, 5, args.length - 2);
        int rc = Main.run(all, new PrintWriter(o), new PrintWriter(e), Map.of("HOME", tmp.toString()));
        return new Out(rc, o.toString(), e.toString());
    }

    @Test
    void showRulesOnAnEmptyEngine() {
        Out r = xc("rdr", "show-rules");
        assertEquals(0, r.exit(), r.err());
        assertEquals("0 redirection(s)\nCONTAINER  PUBLISH  DESTINATION  INTERFACES\n", r.out());
        Out quiet = xc("rdr", "show-rules", "-H");
        assertEquals("", quiet.out());
        assertEquals("[ ]\n", xc("rdr", "show-rules", "--json").out());
    }

    @Test
    void aMissingContainerIsNotFound() {
        for (String[] cmd : new String[][] {{"rdr", "list", "nope"}, {"rdr", "add", "-p", "8080:80", "nope"},
                {"rdr", "remove", "-p", "8080:80", "nope"}}) {
            Out r = xc(cmd);
            assertEquals(3, r.exit(), String.join(" ", cmd) + ": " + r.err());
            assertTrue(r.err().startsWith("xc: no such container: nope\n"), r.err());
        }
    }

    @Test
    void aBadPublishSpecIsAUsageError() {
        Out r = xc("rdr", "add", "-p", "8080", "web");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("xc: invalid port publication '8080': "), r.err());
        assertTrue(r.err().contains("hint: write it as [IF[,IF]|][HOSTADDR[,HOSTADDR]:]HOSTPORT[-END]:CONTAINERPORT"),
                r.err());
        Out none = xc("rdr", "add", "web");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("Missing required option: '--publish=SPEC'"), none.err());
    }

    @Test
    void theTopLevelHelpListsRdr() {
        StringWriter o = new StringWriter();
        Main.run(new String[] {"--help"}, new PrintWriter(o), new PrintWriter(new StringWriter()), Map.of());
        assertTrue(o.toString().contains("  rdr "), o.toString());
    }
}
