package dev.xc.host;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Console;
import dev.xc.api.spi.ProcessExit;
import dev.xc.api.spi.Signal;
import dev.xc.api.spi.SpawnRequest;
import dev.xc.api.spi.SupervisedProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real processes on real pseudo-terminals, through the public {@link ProcessCommandRunner#spawn}. */
@EnabledOnOs(OS.LINUX)
class PtySpawnTest {

    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "TERM", "xterm");
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    /** Reads {@code in} until {@code text} appears (or fails after a few seconds); returns all read. */
    static String readUntil(InputStream in, String text) throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            byte[] b = new byte[1024];
            try {
                while (!seen.toString(StandardCharsets.UTF_8).contains(text)) {
                    int n = in.read(b);
                    if (n < 0) {
                        break;
                    }
                    seen.write(b, 0, n);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return seen.toString(StandardCharsets.UTF_8);
        });
        String got = f.get(10, TimeUnit.SECONDS);
        assertTrue(got.contains(text), "expected '" + text + "' in: " + got);
        return got;
    }

    @Test
    void theProcessHasATerminalWithTheSizeGivenAndReadsWhatIsTyped(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("console.log");
        SupervisedProcess p = runner.spawn(SpawnRequest.of(List.of("/bin/sh", "-c",
                "read go; tty; stty size; read x; echo got $x; exit 7")).withEnvironment(ENV).withConsole(log));
        Console c = p.console().orElseThrow();
        InputStream out = c.output();
        c.resize(100, 30);
        c.write("go\n".getBytes(StandardCharsets.UTF_8));
        String first = readUntil(out, "30 100");
        assertTrue(first.matches("(?s).*/dev/pts/\\d+\\r\\n30 100.*"), first);
        c.write("hello\n".getBytes(StandardCharsets.UTF_8));
        readUntil(out, "got hello");
        assertEquals(ProcessExit.exited(7), p.waitFor(Duration.ofSeconds(10)).orElseThrow());
        assertEquals(-1, out.read(), "the output ends with the process");
        String transcript = Files.readString(log);
        assertTrue(transcript.contains("got hello"), transcript);
        assertTrue(new String(c.history(), StandardCharsets.UTF_8).contains("hello\r\ngot hello"));
        assertFalse(p.isAlive());
    }

    @Test
    void theTerminalIsTheControllingTerminalOfANewSession() throws Exception {
        SupervisedProcess p = runner.spawn(SpawnRequest.of(List.of("/bin/sh", "-c",
                "ps -o sid= -o tty= -p $$; echo pid $$; read x")).withEnvironment(ENV)
                .withConsole(Files.createTempFile("xc-pty", ".log")));
        Console c = p.console().orElseThrow();
        String out = readUntil(c.output(), "pid ");
        // the shell leads its own session and ps names its controlling terminal
        assertTrue(out.contains(" pts/"), out);
        p.signal(Signal.TERM);
        assertEquals(ProcessExit.killed(15), p.waitFor(Duration.ofSeconds(10)).orElseThrow());
    }

    @Test
    void aNewReaderSeesTheHistoryFirstAndSeveralReadersSeeTheSameOutput() throws Exception {
        SupervisedProcess p = runner.spawn(SpawnRequest.of(List.of("/bin/sh", "-c",
                "echo early; read x; echo late $x; read y")).withEnvironment(ENV)
                .withConsole(Files.createTempFile("xc-pty", ".log")));
        Console c = p.console().orElseThrow();
        InputStream one = c.output();
        readUntil(one, "early");
        InputStream two = c.output();
        readUntil(two, "early");
        c.write("now\n".getBytes(StandardCharsets.UTF_8));
        readUntil(one, "late now");
        readUntil(two, "late now");
        two.close();
        assertEquals(-1, two.read(), "a closed view ends");
        p.signal(Signal.KILL);
        assertEquals(ProcessExit.killed(9), p.waitFor(Duration.ofSeconds(10)).orElseThrow());
    }

    @Test
    void attachForwardsKeysAndStopsAtTheDetachSequence() throws Exception {
        SupervisedProcess p = runner.spawn(SpawnRequest.of(List.of("/bin/sh", "-c",
                "while read x; do echo \"[$x]\"; done")).withEnvironment(ENV)
                .withConsole(Files.createTempFile("xc-pty", ".log")));
        Console c = p.console().orElseThrow();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        byte[] keys = {'a', 'b', '\n', 0x10, 'q', 'z', '\n'};
        Console.Detach how = c.attach(new java.io.ByteArrayInputStream(keys), screen);
        assertEquals(Console.Detach.DETACHED, how);
        readUntil(c.output(), "[ab]");
        assertFalse(new String(c.history(), StandardCharsets.UTF_8).contains("z"), "nothing after the sequence");
        assertTrue(p.isAlive(), "detaching leaves the process running");
        p.signal(Signal.KILL);
        p.waitFor(Duration.ofSeconds(10)).orElseThrow();
    }

    @Test
    void resizeRejectsImpossibleSizes() throws Exception {
        SupervisedProcess p = runner.spawn(SpawnRequest.of(List.of("/bin/sh", "-c", "read x"))
                .withEnvironment(ENV).withConsole(Files.createTempFile("xc-pty", ".log")));
        Console c = p.console().orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> c.resize(0, 24));
        assertThrows(IllegalArgumentException.class, () -> c.resize(80, 70000));
        c.write("\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(ProcessExit.exited(0), p.waitFor(Duration.ofSeconds(10)).orElseThrow());
        c.resize(80, 24); // after the end: ignored
    }

    @Test
    void aMissingProgramIsReportedByName() {
        XcException e = assertThrows(XcException.class, () -> runner.spawn(SpawnRequest.of(
                List.of("/nonexistent/prog")).withConsole(Path.of("/dev/null"))));
        assertEquals(ErrorCode.COMMAND_FAILED, e.code());
        assertTrue(e.getMessage().contains("'/nonexistent/prog'") && e.getMessage().contains("No such file"),
                e.getMessage());
    }

    @Test
    void theWorkingDirectoryIsHonoured(@TempDir Path dir) throws Exception {
        SupervisedProcess p = runner.spawn(SpawnRequest.of(List.of("/bin/sh", "-c", "pwd"))
                .withEnvironment(ENV).withWorkingDirectory(dir).withConsole(dir.resolve("log")));
        readUntil(p.console().orElseThrow().output(), dir.toRealPath().toString());
        assertEquals(ProcessExit.exited(0), p.waitFor(Duration.ofSeconds(10)).orElseThrow());
    }
}
