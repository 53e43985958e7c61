package dev.xc.host.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.CommandRunner;
import dev.xc.api.spi.HostInfo;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The FreeBSD branch of the probe, fed with captured tool output; the other branch with other systems' properties. */
class HostProbeTest {

    private static final Map<String, String> FREEBSD = Map.of("os.name", "FreeBSD", "os.version", "14.1-RELEASE-p5",
            "os.arch", "amd64");
    private static final Set<Path> STANDARD_TOOLS = Set.of(Path.of("/sbin/zfs"), Path.of("/sbin/pfctl"));

    /** Answers commands from a table; any other command fails as "not found". Records what it was asked. */
    static final class ScriptedRunner implements CommandRunner {
        final Map<List<String>, Object> answers = new HashMap<>();
        final List<List<String>> asked = new ArrayList<>();

        ScriptedRunner answer(String output, String... argv) {
            answers.put(List.of(argv), output);
            return this;
        }

        ScriptedRunner exit(int status, String... argv) {
            answers.put(List.of(argv), status);
            return this;
        }

        @Override
        public synchronized CommandResult run(Command command) {
            asked.add(command.argv());
            Object a = answers.get(command.argv());
            if (a == null) {
                throw XcException.of(ErrorCode.COMMAND_FAILED, "cannot start program '" + command.program() + "'",
                        "install it");
            }
            byte[] out = a instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : new byte[0];
            int status = a instanceof Integer i ? i : 0;
            return new CommandResult(command, status, out, new byte[0], Duration.ofMillis(1));
        }
    }

    static ScriptedRunner freeBsdTools() {
        return new ScriptedRunner()
                .answer("1401000\n", "sysctl", "-n", "kern.osreldate")
                .answer(FreeBsdOutputTest.sample("kldstat-v-amd64.txt"), "kldstat", "-v")
                .answer("1\n", "sysctl", "-n", "kern.features.vimage");
    }

    @Test
    void freeBsdWithEverythingLoaded() {
        ScriptedRunner runner = freeBsdTools();
        HostInfo info = new HostProbe(runner, FREEBSD, STANDARD_TOOLS::contains, Map.of()).probe();
        assertTrue(info.isFreeBsd());
        assertEquals("FreeBSD", info.osName());
        assertEquals("14.1-RELEASE-p5", info.release());
        assertEquals(Optional.of(1401000), info.osreldate());
        assertEquals("amd64", info.architecture());
        assertTrue(info.kernelModules().containsAll(Set.of("zfs", "pf", "linux64", "linux64elf", "pflog")));
        assertTrue(info.zfs());
        assertTrue(info.pf());
        assertTrue(info.vnet());
        assertTrue(info.linuxAbi());
        assertFalse(info.simulated());
        assertEquals("FreeBSD 14.1-RELEASE-p5 amd64 (zfs, pf, vnet, linux)", info.summary());
        assertEquals(List.of(List.of("sysctl", "-n", "kern.osreldate"), List.of("kldstat", "-v"),
                List.of("sysctl", "-n", "kern.features.vimage")), runner.asked);
    }

    @Test
    void moduleLoadedButToolMissingIsNotUsable() {
        HostInfo info = new HostProbe(freeBsdTools(), FREEBSD, p -> false, Map.of()).probe();
        assertTrue(info.kernelModules().contains("zfs"));
        assertFalse(info.zfs(), "no /sbin/zfs");
        assertFalse(info.pf(), "no /sbin/pfctl");
    }

    @Test
    void configuredToolPathIsTheOneLookedFor() {
        Path zfs = Path.of("/opt/zfs/bin/zfs");
        HostInfo info = new HostProbe(freeBsdTools(), FREEBSD, zfs::equals, Map.of("zfs", zfs)).probe();
        assertTrue(info.zfs());
        assertFalse(info.pf());
    }

    @Test
    void toolPresentButModuleNotLoadedIsNotUsable() {
        ScriptedRunner runner = freeBsdTools().answer(FreeBsdOutputTest.sample("kldstat-plain-amd64.txt"),
                "kldstat", "-v");
        HostInfo info = new HostProbe(runner, FREEBSD, STANDARD_TOOLS::contains, Map.of()).probe();
        assertTrue(info.zfs());
        assertFalse(info.pf(), "pf.ko is not loaded");
        assertFalse(info.linuxAbi());
        assertEquals(Set.of("zfs", "cryptodev", "if_bridge"), info.kernelModules());
    }

    @Test
    void unreadableKldstatFallsBackToAskingPerModule() {
        ScriptedRunner runner = freeBsdTools()
                .answer("something new\n", "kldstat", "-v")
                .exit(0, "kldstat", "-q", "-m", "zfs")
                .exit(1, "kldstat", "-q", "-m", "pf")
                .exit(0, "kldstat", "-q", "-m", "linux64elf");
        HostInfo info = new HostProbe(runner, FREEBSD, STANDARD_TOOLS::contains, Map.of()).probe();
        assertEquals(Set.of("zfs", "linux64elf"), info.kernelModules());
        assertTrue(info.zfs());
        assertFalse(info.pf());
        assertTrue(info.linuxAbi());
    }

    @Test
    void failingToolsMakeFactsAbsentNotErrors() {
        ScriptedRunner runner = new ScriptedRunner()
                .exit(1, "sysctl", "-n", "kern.features.vimage"); // unknown oid: kernel without VIMAGE
        HostInfo info = new HostProbe(runner, FREEBSD, STANDARD_TOOLS::contains, Map.of()).probe();
        assertTrue(info.isFreeBsd());
        assertEquals(Optional.empty(), info.osreldate());
        assertEquals(Set.of(), info.kernelModules());
        assertFalse(info.zfs() || info.pf() || info.vnet() || info.linuxAbi());
    }

    @Test
    void vimageZeroMeansNoVnet() {
        ScriptedRunner runner = freeBsdTools().answer("0\n", "sysctl", "-n", "kern.features.vimage");
        assertFalse(new HostProbe(runner, FREEBSD, STANDARD_TOOLS::contains, Map.of()).probe().vnet());
    }

    @Test
    void arm64NameIsNormalised() {
        Map<String, String> props = Map.of("os.name", "FreeBSD", "os.version", "14.1-RELEASE", "os.arch", "aarch64");
        assertEquals("arm64", new HostProbe(freeBsdTools(), props, p -> true, Map.of()).probe().architecture());
    }

    @Test
    void otherSystemsAreReportedAsThemselvesWithoutRunningAnything() {
        CommandRunner refuses = c -> fail("no command may run off FreeBSD: " + c);
        Map<String, String> linux = Map.of("os.name", "Linux", "os.version", "6.1.0-18-amd64", "os.arch", "amd64");
        HostInfo info = new HostProbe(refuses, linux, p -> true, Map.of()).probe();
        assertEquals(new HostInfo("Linux", "6.1.0-18-amd64", Optional.empty(), "amd64", Set.of(), false, false,
                false, false, false), info);
        assertFalse(info.isFreeBsd());

        Map<String, String> mac = Map.of("os.name", "Mac OS X", "os.version", "14.4", "os.arch", "aarch64");
        HostInfo macInfo = new HostProbe(refuses, mac, p -> true, Map.of()).probe();
        assertEquals("Mac OS X", macInfo.osName());
        assertEquals("arm64", macInfo.architecture());
        assertFalse(macInfo.isFreeBsd());
    }
}
