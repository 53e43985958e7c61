package dev.xc.host;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@EnabledOnOs({OS.LINUX, OS.FREEBSD, OS.MAC})
class ProcessCommandRunnerTest {

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void echo() {
        CommandResult r = runner.run(Command.of("echo", "hello", "world"));
        assertEquals(0, r.exitCode());
        assertTrue(r.ok());
        assertEquals("hello world\n", r.stdoutText());
        assertEquals("", r.stderrText());
        assertEquals(Command.of("echo", "hello", "world"), r.command());
        assertFalse(r.elapsed().isNegative() || r.elapsed().isZero());
    }

    @Test
    void argumentsArePassedVerbatimWithoutAShell() {
        CommandResult r = runner.check(Command.of("printf", "%s|", "a b", "$HOME", "*", "'q'", "", "x;y"));
        assertEquals("a b|$HOME|*|'q'||x;y|", r.stdoutText());
    }

    @Test
    void stdinRoundTripThroughCat() {
        CommandResult r = runner.check(Command.of("cat").withStdin("line one\nzwei: \u00fc\u00df\n"));
        assertEquals("line one\nzwei: \u00fc\u00df\n", r.stdoutText());
    }

    @Test
    void tenMegabytesThroughCatDoNotDeadlock() {
        byte[] data = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(data);
        long start = System.nanoTime();
        CommandResult r = runner.check(Command.of("cat").withStdin(data).withTimeout(Duration.ofSeconds(20)));
        assertArrayEquals(data, r.stdout());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
    }

    @Test
    void largeStdoutAndStderrAtOnceAreBothCaptured() {
        CommandResult r = runner.check(Command.of("sh", "-c",
                "head -c 3000000 /dev/zero; head -c 2000000 /dev/zero >&2; head -c 1000000 /dev/zero"));
        assertEquals(4_000_000, r.stdout().length);
        assertEquals(2_000_000, r.stderr().length);
    }

    @Test
    void programThatIgnoresItsStdinStillFinishes() {
        CommandResult r = runner.run(Command.of("true").withStdin(new byte[10 * 1024 * 1024]));
        assertEquals(0, r.exitCode());
    }

    @Test
    void stderrAndExitStatus() {
        Command c = Command.of("sh", "-c", "echo partial; echo 'no such dataset' >&2; exit 3");
        CommandResult r = runner.run(c);
        assertEquals(3, r.exitCode());
        assertFalse(r.ok());
        assertEquals("partial\n", r.stdoutText());
        assertEquals("no such dataset\n", r.stderrText());

        XcException e = assertThrows(XcException.class, r::orThrow);
        assertEquals(ErrorCode.COMMAND_FAILED, e.code());
        assertEquals("'sh -c 'echo partial; echo '\\''no such dataset'\\'' >&2; exit 3'' exited with status 3: "
                + "no such dataset", e.getMessage());
        XcException viaCheck = assertThrows(XcException.class, () -> runner.check(c));
        assertEquals(e.getMessage(), viaCheck.getMessage());
    }

    @Test
    void killedBySignalReports128PlusSignal() {
        assertEquals(143, runner.run(Command.of("sh", "-c", "kill -TERM $$")).exitCode());
        assertEquals(137, runner.run(Command.of("sh", "-c", "kill -KILL $$")).exitCode());
    }

    @Test
    void environmentIsAddedToTheInheritedOne() {
        CommandResult r = runner.check(Command.of("sh", "-c", "printf '%s|%s|%s' \"$XC_TEST_A\" \"$HOME\" \"$PATH\"")
                .withEnvironment(Map.of("XC_TEST_A", "value with spaces", "HOME", "/nonexistent-home")));
        String[] parts = r.stdoutText().split("\\|", -1);
        assertEquals("value with spaces", parts[0]);
        assertEquals("/nonexistent-home", parts[1], "the command's variables replace inherited ones");
        assertEquals(System.getenv("PATH"), parts[2], "the rest is inherited");
    }

    @Test
    void workingDirectory(@TempDir Path dir) throws IOException {
        CommandResult r = runner.check(Command.of("pwd").withWorkingDirectory(dir));
        assertEquals(dir.toRealPath().toString(), Path.of(r.stdoutText().strip()).toRealPath().toString());
        Files.writeString(dir.resolve("here.txt"), "found");
        assertEquals("found", runner.check(Command.of("cat", "here.txt").withWorkingDirectory(dir)).stdoutText());
    }

    @Test
    void missingWorkingDirectoryIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("gone");
        XcException e = assertThrows(XcException.class,
                () -> runner.run(Command.of("pwd").withWorkingDirectory(missing)));
        assertEquals(ErrorCode.COMMAND_FAILED, e.code());
        assertEquals("cannot run 'pwd': working directory '" + missing + "' is not a directory", e.getMessage());
    }

    @Test
    void timeoutKillsTheProgramAndSaysSo(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("pid");
        Command c = Command.of("sh", "-c", "echo $$ > '" + pidFile + "'; exec sleep 30")
                .withTimeout(Duration.ofMillis(300));
        long start = System.nanoTime();
        XcException e = assertThrows(XcException.class, () -> runner.run(c));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertInstanceOf(XcException.HostFailure.class, e);
        assertEquals(ErrorCode.TIMEOUT, e.code());
        assertEquals("'" + c.display() + "' did not finish within 300 ms and was killed", e.getMessage());
        assertTrue(e.hint().contains("longer timeout"), e.hint());
        assertTrue(took.toMillis() >= 300 && took.toSeconds() < 5, "took " + took);
        assertGone(Long.parseLong(Files.readString(pidFile).strip()));
    }

    @Test
    void timeoutOfPlainSleep() {
        long start = System.nanoTime();
        XcException e = assertThrows(XcException.class,
                () -> runner.run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(300))));
        assertEquals("'sleep 30' did not finish within 300 ms and was killed", e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
        assertTrue(ProcessHandle.current().children().noneMatch(
                h -> h.info().commandLine().orElse("").contains("sleep 30")), "no sleep child left");
    }

    @Test
    void timeoutKillsTheWholeProcessTree(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("grandchild");
        Command c = Command.of("sh", "-c", "sleep 30 & echo $! > '" + pidFile + "'; wait")
                .withTimeout(Duration.ofMillis(500));
        XcException e = assertThrows(XcException.class, () -> runner.run(c));
        assertEquals(ErrorCode.TIMEOUT, e.code());
        assertGone(Long.parseLong(Files.readString(pidFile).strip()));
    }

    @Test
    void outputHeldOpenByABackgroundChildEndsInTimeout(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("bg");
        Command c = Command.of("sh", "-c", "sleep 20 & echo $! > '" + pidFile + "'; echo started")
                .withTimeout(Duration.ofMillis(700));
        try {
            XcException e = assertThrows(XcException.class, () -> runner.run(c));
            assertEquals(ErrorCode.TIMEOUT, e.code());
            assertEquals("'" + c.display() + "' did not finish within 700 ms and was killed (it exited with status 0 "
                    + "but something it started kept its output open)", e.getMessage());
        } finally {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** Waits up to 3 s for {@code pid} to be gone (or a zombie waiting for its parent to reap it). */
    static void assertGone(long pid) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < end) {
            if (!alive(pid)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("process " + pid + " is still running");
    }

    private static boolean alive(long pid) throws IOException {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (Files.exists(stat)) {
                String s = Files.readString(stat);
                char state = s.charAt(s.lastIndexOf(')') + 2);
                return state != 'Z' && state != 'X';
            }
            return true;
        }
        return false;
    }

    @Test
    void programNotFound() {
        XcException e = assertThrows(XcException.class,
                () -> runner.run(Command.of("xc-no-such-program-42", "--flag")));
        assertInstanceOf(XcException.HostFailure.class, e);
        assertEquals(ErrorCode.COMMAND_FAILED, e.code());
        assertEquals("cannot start program 'xc-no-such-program-42' for 'xc-no-such-program-42 --flag': "
                + "No such file or directory", e.getMessage());
        assertEquals("install 'xc-no-such-program-42' or configure its path (a tool path such as "
                + "xc-no-such-program-42=/usr/sbin/xc-no-such-program-42); bare names are looked up on PATH", e.hint());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Cannot run program \"zfs\": Exec failed, error: 2 (No such file or directory) | No such file or directory",
            "Cannot run program \"zfs\": error=13, Permission denied | Permission denied",
            "Cannot run program \"zfs\" (in directory \"/x\"): error=2, No such file or directory "
                    + "| No such file or directory",
            "something else | something else",
    })
    void startFailureReasonIsTakenFromEitherJdkMessageForm(String message, String reason) {
        assertEquals(reason, ProcessCommandRunner.reason(message));
    }

    @Test
    void programNotExecutable(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("not-exec.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        XcException e = assertThrows(XcException.class, () -> runner.run(Command.of(script.toString())));
        assertEquals(ErrorCode.COMMAND_FAILED, e.code());
        assertEquals("cannot start program '" + script + "' for '" + script + "': Permission denied", e.getMessage());
    }

    @Test
    void toolPathOverrideRunsTheConfiguredProgram(@TempDir Path dir) throws IOException {
        Path fake = Files.writeString(dir.resolve("fake-zfs"), "#!/bin/sh\necho \"fake zfs: $*\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessCommandRunner overridden = new ProcessCommandRunner(Map.of("zfs", fake));
        CommandResult r = overridden.check(Command.of("zfs", "list", "-H"));
        assertEquals("fake zfs: list -H\n", r.stdoutText());
        assertEquals("zfs", r.command().program(), "the result shows the command as written");
        assertEquals(Map.of("zfs", fake), overridden.toolPaths());
        assertEquals(fake, overridden.toolPath("zfs").orElseThrow());
        assertTrue(overridden.toolPath("pfctl").isEmpty());
        // other names are untouched
        assertEquals("x\n", overridden.check(Command.of("echo", "x")).stdoutText());
    }

    @Test
    void missingOverriddenToolNamesItsConfiguredPath(@TempDir Path dir) {
        Path missing = dir.resolve("sbin/zfs");
        ProcessCommandRunner overridden = new ProcessCommandRunner(Map.of("zfs", missing));
        XcException e = assertThrows(XcException.class, () -> overridden.run(Command.of("zfs", "list")));
        assertEquals(ErrorCode.COMMAND_FAILED, e.code());
        assertEquals("cannot start program 'zfs' (configured as " + missing + ") for 'zfs list': "
                + "No such file or directory", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '=', value = {
            "sbin/zfs=/sbin/zfs",
            "=/sbin/zfs",
            "zfs cmd=/sbin/zfs",
            "zfs=sbin/zfs",
    })
    void invalidToolPathsAreRejected(String name, String path) {
        String n = name == null ? "" : name;
        XcException e = assertThrows(XcException.class,
                () -> new ProcessCommandRunner(Map.of(n, Path.of(path))));
        assertEquals(ErrorCode.INVALID_CONFIG, e.code());
        assertTrue(e.getMessage().contains("'" + (path.startsWith("/") ? n : path) + "'"), e.getMessage());
    }

    @Test
    void toolPathsFromEnvironment() {
        Map<String, Path> found = ProcessCommandRunner.toolPathsFromEnvironment(Map.of(
                "XC_ZFS_CMD", "/sbin/zfs",
                "XC_PFCTL_CMD", "/sbin/pfctl",
                "XC_FOO_BAR_CMD", "/opt/foo-bar",
                "XC_EMPTY_CMD", "",
                "XC_ZFS", "/nope",
                "PATH", "/usr/bin"));
        assertEquals(List.of("foo-bar", "pfctl", "zfs"), List.copyOf(found.keySet()));
        assertEquals(Path.of("/sbin/zfs"), found.get("zfs"));
        assertEquals(Path.of("/opt/foo-bar"), found.get("foo-bar"));
        assertEquals(found, new ProcessCommandRunner(found).toolPaths());
    }

    @Test
    void concurrentRunsKeepTheirOwnOutput() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<CommandResult>> futures = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                String text = ("run " + i + "\n").repeat(1000 + i);
                futures.add(pool.submit(() -> runner.check(Command.of("sh", "-c", "cat; echo \"$N\" >&2")
                        .withStdin(text).withEnvironment(Map.of("N", "run " + n)))));
            }
            for (int i = 0; i < futures.size(); i++) {
                CommandResult r = futures.get(i).get();
                assertEquals(("run " + i + "\n").repeat(1000 + i), r.stdoutText());
                assertEquals("run " + i + "\n", r.stderrText());
            }
        }
    }

    @Test
    void interruptedCallerKillsTheProgram(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("pid");
        Command c = Command.of("sh", "-c", "echo $$ > '" + pidFile + "'; exec sleep 30");
        Thread caller = Thread.currentThread();
        Thread interrupter = Thread.ofPlatform().start(() -> {
            try {
                while (!Files.exists(pidFile) || Files.size(pidFile) == 0) {
                    Thread.sleep(10);
                }
                caller.interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        XcException e = assertThrows(XcException.class, () -> runner.run(c));
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        interrupter.join();
        assertEquals(ErrorCode.COMMAND_FAILED, e.code());
        assertEquals("interrupted while waiting for '" + c.display() + "'; the program was killed", e.getMessage());
        assertGone(Long.parseLong(Files.readString(pidFile).strip()));
    }

    @ParameterizedTest
    @CsvSource({"300, 300 ms", "999, 999 ms", "1000, 1 s", "1500, 1500 ms", "30000, 30 s", "90000, 90 s",
            "120000, 2 min", "3600000, 60 min"})
    void timeoutsAreDescribedAsPeopleWriteThem(long millis, String text) {
        assertEquals(text, ProcessCommandRunner.describe(Duration.ofMillis(millis)));
    }

    @Test
    void localHostRunsCommandsThroughThisRunner() {
        LocalHost host = LocalHost.create();
        assertSame(host.commands(), host.commands());
        assertEquals("ok\n", host.commands().check(Command.of("echo", "ok")).stdoutText());
    }
}
