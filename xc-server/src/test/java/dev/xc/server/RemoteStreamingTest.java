package dev.xc.server;

import dev.xc.api.Console;
import dev.xc.api.Engine;
import dev.xc.api.ErrorCode;
import dev.xc.api.Lease;
import dev.xc.api.Problem;
import dev.xc.api.XcException;
import dev.xc.api.container.ExecRequest;
import dev.xc.api.container.LogLine;
import dev.xc.api.container.LogOptions;
import dev.xc.api.event.Event;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.PushRequest;
import dev.xc.api.image.PullRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.lang.reflect.InvocationHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming and full-duplex routes through a real xcd: the engine behind it is the embedded one, with the operations
 * it does not implement yet answered by small scripts so that the wire itself is exercised.
 */
class RemoteStreamingTest {

    @TempDir
    Path tmp;

    Engine embedded;
    XcdServer server;
    Engine remote;
    final List<String> leaseEvents = new CopyOnWriteArrayList<>();
    final CountDownLatch leaseClosed = new CountDownLatch(1);

    static final Instant T = Instant.parse("2025-01-02T03:04:05Z");

    @BeforeEach
    void start() {
        embedded = Daemons.embedded(tmp);
        Map<String, InvocationHandler> script = Map.of(
                "push", (p, m, a) -> {
                    EventListener l = (EventListener) a[1];
                    l.onEvent(new Event.Step(T, "push", "upload layers", false));
                    l.onEvent(new Event.Progress(T, "push", "sha256:ab", 10, Optional.of(20L), "bytes"));
                    l.onEvent(new Event.Warning(T, "slow registry"));
                    l.onEvent(new Event.ContainerChanged(T, "c1", "running", ""));
                    return null;
                },
                "pull", (p, m, a) -> {
                    ((EventListener) a[1]).onEvent(new Event.Step(T, "pull", "resolve manifest", false));
                    throw XcException.ofProblems(ErrorCode.PLATFORM_NOT_AVAILABLE, "no usable platform",
                            List.of(Problem.of(ErrorCode.PLATFORM_NOT_AVAILABLE, "linux/arm64 only", "use --platform"),
                                    Problem.of(ErrorCode.INVALID_PLATFORM, "windows/amd64", "")));
                },
                "logs", (p, m, a) -> {
                    @SuppressWarnings("unchecked") Consumer<LogLine> sink = (Consumer<LogLine>) a[2];
                    LogOptions o = (LogOptions) a[1];
                    sink.accept(new LogLine(T, "stdout", "hello " + a[0]));
                    sink.accept(new LogLine(T.plusSeconds(1), "stderr", "tail=" + o.tail().orElse(-1)));
                    return null;
                },
                "exec", (p, m, a) -> {
                    ExecRequest r = (ExecRequest) a[0];
                    String in = new String(((InputStream) a[1]).readAllBytes(), StandardCharsets.UTF_8);
                    ((OutputStream) a[2]).write((String.join(" ", r.argv()) + ":" + in.toUpperCase(Locale.ROOT))
                            .getBytes(StandardCharsets.UTF_8));
                    ((OutputStream) a[3]).write("warn".getBytes(StandardCharsets.UTF_8));
                    return 7;
                },
                "attach", (p, m, a) -> "done".equals(a[0]) ? exitedConsole() : echoConsole(),
                "link", (p, m, a) -> new Lease() {
                    @Override
                    public String container() {
                        return "id-of-" + a[0];
                    }

                    @Override
                    public void close() {
                        leaseEvents.add("closed " + a[0]);
                        leaseClosed.countDown();
                    }
                });
        server = Daemons.serve(Daemons.scripted(embedded, script), tmp.resolve("xc.sock"));
        remote = Daemons.remote(tmp.resolve("xc.sock"));
    }

    @AfterEach
    void stop() {
        remote.close();
        server.close();
        embedded.close();
    }

    /** A console whose process has printed "bye" and exited with status 5. */
    static Console exitedConsole() {
        InputStream out = new ByteArrayInputStream("bye".getBytes(StandardCharsets.UTF_8));
        return new Console() {
            @Override
            public InputStream output() {
                return out;
            }

            @Override
            public OutputStream input() {
                return OutputStream.nullOutputStream();
            }

            @Override
            public void resize(int columns, int rows) {
            }

            @Override
            public java.util.OptionalInt exitStatus() {
                return java.util.OptionalInt.of(5);
            }

            @Override
            public void close() {
            }
        };
    }

    /** A console whose output echoes its input, with resizes reported in the output. */
    static Console echoConsole() throws IOException {
        PipedInputStream out = new PipedInputStream(65536);
        PipedOutputStream sink = new PipedOutputStream(out);
        return new Console() {
            @Override
            public InputStream output() {
                return out;
            }

            @Override
            public OutputStream input() {
                return sink;
            }

            @Override
            public void resize(int columns, int rows) {
                try {
                    sink.write(("[" + columns + "x" + rows + "]").getBytes(StandardCharsets.UTF_8));
                    sink.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
                try {
                    sink.close();
                } catch (IOException ignored) {
                    // closed already
                }
            }
        };
    }

    @Test
    void eventsOfEveryKindArriveInOrderBeforeTheResult() {
        List<Event> seen = new ArrayList<>();
        remote.push(new PushRequest(ImageReference.parse("a:1"), ImageReference.parse("reg.example/a:1"), false),
                seen::add);
        assertEquals(List.of(new Event.Step(T, "push", "upload layers", false),
                new Event.Progress(T, "push", "sha256:ab", 10, Optional.of(20L), "bytes"),
                new Event.Warning(T, "slow registry"), new Event.ContainerChanged(T, "c1", "running", "")), seen);
    }

    @Test
    void anErrorAfterEventsKeepsItsProblems() {
        List<Event> seen = new ArrayList<>();
        XcException e = assertThrows(XcException.Remote.class, () -> remote.pull(
                new PullRequest(ImageReference.parse("a:1"), Optional.empty(), Optional.empty()), seen::add));
        assertEquals(1, seen.size());
        assertEquals(ErrorCode.PLATFORM_NOT_AVAILABLE, e.code());
        assertEquals(List.of(Problem.of(ErrorCode.PLATFORM_NOT_AVAILABLE, "linux/arm64 only", "use --platform"),
                Problem.of(ErrorCode.INVALID_PLATFORM, "windows/amd64", "")), e.problems());
        assertTrue(e.getMessage().startsWith("no usable platform"), e.getMessage());
        assertEquals("fix each problem listed, then try again", e.hint());
    }

    @Test
    void logsStreamAsLines() {
        List<LogLine> lines = new ArrayList<>();
        remote.logs("web", new LogOptions(false, Optional.of(5), true, true), lines::add);
        assertEquals(List.of(new LogLine(T, "stdout", "hello web"), new LogLine(T.plusSeconds(1), "stderr", "tail=5")),
                lines);
    }

    @Test
    void execCarriesStdinStdoutStderrAndTheExitStatus() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecRequest req = new ExecRequest("web", List.of("/bin/cat", "-u"), Map.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), false, true);
        int status = remote.exec(req, new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8)), out, err);
        assertEquals(7, status);
        assertEquals("/bin/cat -u:ABC", out.toString(StandardCharsets.UTF_8));
        assertEquals("warn", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anAttachedConsoleEchoesResizesAndDetaches() throws Exception {
        try (Console c = remote.attach("web")) {
            c.input().write("hi".getBytes(StandardCharsets.UTF_8));
            c.input().flush();
            c.resize(120, 40);
            byte[] want = "hi[120x40]".getBytes(StandardCharsets.UTF_8);
            byte[] got = c.output().readNBytes(want.length);
            assertEquals("hi[120x40]", new String(got, StandardCharsets.UTF_8));
        }
    }

    @Test
    void theExitStatusOfAConsolesProcessCrossesTheWire() throws Exception {
        try (Console c = remote.attach("done")) {
            assertEquals("bye", new String(c.output().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(java.util.OptionalInt.of(5), c.exitStatus());
        }
        try (Console c = remote.attach("web")) {
            assertEquals(java.util.OptionalInt.empty(), c.exitStatus(), "no status while the process runs");
        }
    }

    @Test
    void aLeaseEndsWhenClosed() throws Exception {
        Lease lease = remote.link("web");
        assertEquals("id-of-web", lease.container());
        assertTrue(leaseEvents.isEmpty(), "the lease holds while open");
        lease.close();
        assertTrue(leaseClosed.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("closed web"), leaseEvents);
        lease.close();
        assertEquals(1, leaseEvents.size(), "close is idempotent");
    }

    @Test
    void execConsoleErrorsCrossTheWireUnchanged() {
        XcException here = assertThrows(XcException.class, () -> embedded.execConsole(new ExecRequest("web",
                List.of("/bin/sh"), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), true, true)));
        XcException there = assertThrows(XcException.class, () -> remote.execConsole(new ExecRequest("web",
                List.of("/bin/sh"), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), true, true)));
        RemoteRoundTripTest.assertSame(here, there);
        assertEquals(ErrorCode.CONTAINER_NOT_FOUND, there.code());
    }
}
