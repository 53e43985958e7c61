package dev.xc.api.spi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CommandTest {

    @Test
    void displayQuotesWordsThatNeedIt() {
        Command c = Command.of("/sbin/pfctl", "-a", "xc-rdr", "-f", "-");
        assertEquals("/sbin/pfctl -a xc-rdr -f -", c.display());
        assertEquals("sh -c 'echo it'\\''s'", Command.of("sh", "-c", "echo it's").display());
        assertEquals("printf ''", Command.of("printf", "").display());
    }

    @Test
    void stdinIsCopiedSoTheCommandStaysImmutable() {
        byte[] in = "rules".getBytes(StandardCharsets.UTF_8);
        Command c = Command.of("pfctl").withStdin(in);
        in[0] = 'X';
        assertArrayEquals("rules".getBytes(StandardCharsets.UTF_8), c.stdin());
        c.stdin()[0] = 'Y';
        assertArrayEquals("rules".getBytes(StandardCharsets.UTF_8), c.stdin());
        assertEquals(c, Command.of("pfctl").withStdin("rules"));
        assertNotEquals(c, Command.of("pfctl").withStdin("other"));
    }

    @Test
    void rejectsEmptyProgramsAndNonPositiveTimeouts() {
        assertThrows(IllegalArgumentException.class, () -> Command.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Command.of(""));
        assertThrows(IllegalArgumentException.class, () -> Command.of("ls").withTimeout(Duration.ZERO));
    }

    @Test
    void orThrowNamesTheCommandItsStatusAndStderr() {
        Command c = Command.of("zfs", "create", "zroot/xc/x");
        CommandResult r = new CommandResult(c, 1, new byte[0],
                "cannot create 'zroot/xc/x': parent does not exist\n".getBytes(StandardCharsets.UTF_8), Duration.ZERO);
        XcException e = assertThrows(XcException.class, r::orThrow);
        assertEquals(ErrorCode.COMMAND_FAILED, e.code());
        assertEquals("'zfs create zroot/xc/x' exited with status 1: cannot create 'zroot/xc/x': parent does not exist",
                e.getMessage());
        CommandResult ok = new CommandResult(c, 0, "a\nb\n".getBytes(StandardCharsets.UTF_8), new byte[0], Duration.ZERO);
        assertSame(ok, ok.orThrow());
        assertEquals(List.of("a", "b"), ok.stdoutLines());
    }

    @Test
    void supportNoNeedsAReason() {
        assertThrows(IllegalArgumentException.class, () -> Support.no(""));
        assertEquals("x", Support.no("x").reason());
    }

    @Test
    void freeBsdOnlyChecksChainAndStopAtTheFirstNo() {
        HostInfo linux = new HostInfo("Linux", "6.1.0", Optional.empty(), "amd64", Set.of(), false, false, false,
                false, false);
        HostInfo bsd = new HostInfo("FreeBSD", "14.1-RELEASE", Optional.of(1401000), "amd64", Set.of(), true, false,
                false, false, false);
        assertEquals("needs a FreeBSD kernel; this host runs Linux 6.1.0",
                Support.freeBsdOnly(linux).then(() -> { throw new AssertionError("not reached"); }).reason());
        assertEquals("pf is missing", Support.freeBsdOnly(bsd).then(() -> Support.no("pf is missing")).reason());
        assertEquals(Support.yes(), Support.freeBsdOnly(bsd).then(Support::yes));
    }

    @Test
    void hostSummaryNamesTheFeatures() {
        HostInfo h = new HostInfo("FreeBSD", "14.1-RELEASE", Optional.of(1401000), "amd64", Set.of("zfs"),
                true, true, false, false, false);
        assertEquals("FreeBSD 14.1-RELEASE amd64 (zfs, pf)", h.summary());
    }
}
