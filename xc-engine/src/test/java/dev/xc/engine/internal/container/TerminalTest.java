package dev.xc.engine.internal.container;

import dev.xc.api.Console;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.ExecRequest;
import dev.xc.api.container.RunRequest;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.JailConfig;
import dev.xc.engine.internal.XcEngine;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.xc.engine.internal.container.ContainerFixture.awaitState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Terminals of containers on the simulated host: {@code xc run -t}, {@code xc attach}, {@code xc exec -t}. */
class TerminalTest {

    @TempDir
    static Path shared;
    static RegistryServer registry;
    static ImageReference image;

    @TempDir
    Path tmp;
    SimulatedHost host;
    XcEngine engine;

    @BeforeAll
    static void pushImage() throws IOException {
        assumeTrue(ContainerFixture.available(), "docker-registry, bwrap and busybox are needed");
        registry = RegistryServer.builder().anonymous().start();
        image = ContainerFixture.push(registry, "xc/busybox-tty", JailConfig.builder().build(),
                ContainerFixture.busyboxTree(shared.resolve("tree")));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void engine() {
        host = ContainerFixture.host();
        engine = ContainerFixture.engineWithImage(tmp.resolve("state"), host, image);
    }

    @AfterEach
    void close() {
        if (engine != null) {
            for (ContainerInfo c : engine.containers()) {
                engine.removeContainer(c.id(), true);
            }
            engine.close();
        }
    }

    /** Reads until {@code text} has appeared; returns everything read. */
    static String readUntil(InputStream in, String text) throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        String got = CompletableFuture.supplyAsync(() -> {
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
        }).get(20, TimeUnit.SECONDS);
        assertTrue(got.contains(text), "expected '" + text + "' in: " + got);
        return got;
    }

    static void type(Console c, String keys) throws IOException {
        c.input().write(keys.getBytes(StandardCharsets.UTF_8));
        c.input().flush();
    }

    @Test
    void aShellOnATerminalKeepsRunningAcrossDetachesAndShowsItsHistory() throws Exception {
        ContainerInfo c = engine.run(RunRequest.builder(image).name("tty").tty(true)
                .entryPoint("/bin/sh", List.of()).build(), EventListener.NONE);
        awaitState(engine, c.id(), "running");

        Console first = engine.attach("tty");
        first.resize(120, 40);
        type(first, "stty size; echo h''i\n");
        readUntil(first.output(), "\r\nhi\r\n");
        first.close();
        assertEquals(-1, first.output().read(), "a detached console has no more output");
        assertEquals(OptionalInt.empty(), first.exitStatus(), "detaching does not end the process");

        Thread.sleep(200);
        assertEquals("running", engine.inspectContainer("tty").state().id(), "the shell keeps running");
        Console second = engine.attach(c.id());
        String history = readUntil(second.output(), "\r\nhi\r\n");
        assertTrue(history.contains("40 120"), "the size reached the shell: " + history);
        Console third = engine.attach("tty");
        type(second, "exit 3\n");
        second.output().transferTo(OutputStreamSink.INSTANCE);
        assertEquals(OptionalInt.of(3), second.exitStatus());
        third.output().transferTo(OutputStreamSink.INSTANCE);
        assertEquals(OptionalInt.of(3), third.exitStatus(), "every attached client sees the end");
        ContainerInfo done = awaitState(engine, c.id(), "exited");
        assertEquals(Optional.of(3), done.exitCode());
        String log = Files.readString(tmp.resolve("state").resolve("logs").resolve(c.id() + ".main.log"));
        assertTrue(log.contains("echo h''i"), "the transcript is in the log file: " + log);
    }

    @Test
    void execOnATerminalRunsBesideMainAndReportsItsStatus() throws Exception {
        ContainerInfo c = engine.run(RunRequest.builder(image).name("box").entryPoint("/bin/sleep", List.of("60"))
                .build(), EventListener.NONE);
        awaitState(engine, c.id(), "running");
        Console console = engine.execConsole(new ExecRequest("box", List.of("/bin/sh", "-c",
                "tty >/dev/null && echo on a tty; read x; echo got $x; exit 4"), Map.of("TERM", "xterm"),
                Optional.empty(), Optional.empty(), Optional.empty(), true, true));
        readUntil(console.output(), "on a tty");
        type(console, "word\n");
        readUntil(console.output(), "got word");
        console.output().transferTo(OutputStreamSink.INSTANCE);
        assertEquals(OptionalInt.of(4), console.exitStatus());
        ContainerFixture.await("the exec to be recorded", () -> engine.inspectContainer("box").processes().stream()
                .anyMatch(p -> p.label().startsWith("exec-") && p.exitCode().equals(Optional.of(4))));
        assertEquals("running", engine.inspectContainer("box").state().id());
    }

    @Test
    void attachingToAContainerWithoutTerminalSaysHowToGetOne() {
        ContainerInfo c = engine.run(RunRequest.builder(image).name("plain").entryPoint("/bin/sleep", List.of("60"))
                .build(), EventListener.NONE);
        awaitState(engine, c.id(), "running");
        XcException e = assertThrows(XcException.class, () -> engine.attach("plain"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("cannot attach to container plain: its main process was started without a terminal",
                e.getMessage());
        assertTrue(e.hint().contains("-t"), e.hint());
        XcException missing = assertThrows(XcException.class, () -> engine.attach("nothere"));
        assertEquals(ErrorCode.CONTAINER_NOT_FOUND, missing.code());
    }

    /** Discards bytes. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
