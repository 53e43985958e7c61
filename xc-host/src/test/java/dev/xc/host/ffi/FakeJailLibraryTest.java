package dev.xc.host.ffi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 2: the FFM helpers against a C library compiled here with gcc that has the signatures of FreeBSD's
 * {@code jail_set(2)}, {@code jail_get(2)} and {@code nmount(2)} and checks what arrives as the kernel would
 * ({@code src/test/resources/dev/xc/host/ffi/fakejail.c}).
 */
class FakeJailLibraryTest {

    static final int JAIL_CREATE = 0x01;
    static final int JAIL_UPDATE = 0x02;
    static final int JAIL_ATTACH = 0x04;

    @TempDir
    static Path dir;
    static Arena arena;
    static NativeLinker lib;
    static NativeFunction jailSet;
    static NativeFunction jailGet;
    static NativeFunction nmount;
    static NativeFunction report;

    @BeforeAll
    static void compile() throws Exception {
        Path source = dir.resolve("fakejail.c");
        try (InputStream in = FakeJailLibraryTest.class.getResourceAsStream("fakejail.c")) {
            Files.copy(in, source);
        }
        Path so = dir.resolve("libfakejail.so");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-Wall", "-Werror", "-shared", "-fPIC", "-o", so.toString(),
                    source.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("gcc is not installed: " + e.getMessage());
            return;
        }
        String out = new String(gcc.getInputStream().readAllBytes());
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS), "gcc finished");
        assertEquals(0, gcc.exitValue(), "gcc failed:\n" + out);
        arena = Arena.ofShared();
        lib = NativeLinker.library(so, arena);
        jailSet = lib.require("jail_set", Iovec.CALL_DESCRIPTOR);
        jailGet = lib.require("jail_get", Iovec.CALL_DESCRIPTOR);
        nmount = lib.require("nmount", Iovec.CALL_DESCRIPTOR);
        report = lib.require("fake_last_report", FunctionDescriptor.of(ValueLayout.ADDRESS));
    }

    @AfterAll
    static void unload() {
        if (arena != null) {
            arena.close();
        }
    }

    static String lastReport() {
        return CStrings.read(MemorySegment.ofAddress(report.call().value()), 8192);
    }

    @Test
    void createReceivesEveryParameterEncodedRight() {
        try (Arena a = Arena.ofConfined()) {
            Iovec iov = new IovecBuilder()
                    .string("name", "web")
                    .string("path", "/jails/web")
                    .string("host.hostname", "web.example")
                    .integer("devfs_ruleset", 4)
                    .integer("enforce_statfs", 2)
                    .bytes("ip4.addr", new byte[] {10, 0, 0, 2, (byte) 192, (byte) 168, 1, (byte) 254})
                    .bool("persist", true)
                    .bool("allow.mount", false)
                    .int64("host.hostid", 123456789L)
                    .errmsg()
                    .build(a);
            NativeResult r = jailSet.call(iov.segment(), iov.count(), JAIL_CREATE);
            assertFalse(r.failed(), () -> "failed: " + iov.errmsg() + " / " + lastReport());
            assertEquals(7, r.intValue(), "the jid");
            assertEquals("jail_set:name=web;path=/jails/web;host.hostname=web.example;devfs_ruleset=4;"
                    + "enforce_statfs=2;ip4.addr=10.0.0.2,192.168.1.254;persist;allow.nomount;host.hostid=123456789;"
                    + "errmsg[1024]|flags=1", lastReport());
            assertEquals(Optional.empty(), iov.errmsg());
            assertEquals(r, r.orThrow("creating jail 'web'"));
        }
    }

    @Test
    void kernelMessageAndErrnoComeBack() {
        try (Arena a = Arena.ofConfined()) {
            Iovec iov = new IovecBuilder().string("name", "existing").bool("persist", true).errmsg().build(a);
            NativeResult r = jailSet.call(iov.segment(), iov.count(), JAIL_CREATE);
            assertTrue(r.failed());
            assertEquals(-1, r.value());
            assertEquals(Errno.host().number("EEXIST").orElseThrow(), r.errno());
            assertEquals("EEXIST", r.errnoName());
            assertEquals(Optional.of("jail \"existing\" already exists"), iov.errmsg());

            XcException e = assertThrows(XcException.class,
                    () -> r.orThrow("creating jail 'existing'", iov.errmsg().orElse("")));
            assertInstanceOf(XcException.HostFailure.class, e);
            assertEquals(ErrorCode.SYSCALL_FAILED, e.code());
            assertTrue(e.getMessage().startsWith("jail_set failed while creating jail 'existing': "
                    + "jail \"existing\" already exists (errno " + r.errno() + " EEXIST"), e.getMessage());
            assertEquals("the object already exists: choose another name or remove the existing one first", e.hint());
        }
    }

    @Test
    void unknownParameterIsNamedInErrmsg() {
        try (Arena a = Arena.ofConfined()) {
            Iovec iov = new IovecBuilder().string("name", "web").flag("persist").flag("allow.frobnicate").errmsg()
                    .build(a);
            NativeResult r = jailSet.call(iov.segment(), iov.count(), JAIL_CREATE);
            assertEquals("EINVAL", r.errnoName());
            assertEquals(Optional.of("unknown parameter: allow.frobnicate"), iov.errmsg());
        }
    }

    @Test
    void failureWithoutMessageFallsBackToErrno() {
        try (Arena a = Arena.ofConfined()) {
            Iovec iov = new IovecBuilder().string("name", "root-only").bool("persist", true).errmsg().build(a);
            NativeResult r = jailSet.call(iov.segment(), iov.count(), JAIL_CREATE);
            assertEquals("EPERM", r.errnoName());
            assertEquals(Optional.empty(), iov.errmsg());
            XcException e = assertThrows(XcException.class, () -> r.orThrow("creating jail 'root-only'", ""));
            assertTrue(e.getMessage().startsWith("jail_set failed while creating jail 'root-only': errno 1 EPERM"),
                    e.getMessage());
            assertTrue(e.hint().startsWith("run xc as root"), e.hint());
        }
    }

    @Test
    void ruleViolationsAreReportedLikeTheKernel() {
        try (Arena a = Arena.ofConfined()) {
            Iovec noPersist = new IovecBuilder().string("name", "web").errmsg().build(a);
            assertTrue(jailSet.call(noPersist.segment(), noPersist.count(), JAIL_CREATE).failed());
            assertEquals(Optional.of("new jail must persist or attach"), noPersist.errmsg());

            Iovec noOp = new IovecBuilder().string("name", "web").errmsg().build(a);
            assertTrue(jailSet.call(noOp.segment(), noOp.count(), JAIL_ATTACH).failed());
            assertEquals(Optional.of("no valid operation (create or update)"), noOp.errmsg());

            Iovec update = new IovecBuilder().string("name", "web").integer("devfs_ruleset", 5).errmsg().build(a);
            assertEquals(7, jailSet.call(update.segment(), update.count(), JAIL_UPDATE).orThrow().intValue());
        }
    }

    @Test
    void anOddCountIsRejected() {
        try (Arena a = Arena.ofConfined()) {
            Iovec iov = new IovecBuilder().string("name", "web").flag("persist").build(a);
            NativeResult r = jailSet.call(iov.segment(), iov.count() - 1, JAIL_CREATE);
            assertTrue(r.failed());
            assertEquals("EINVAL", r.errnoName());
        }
    }

    @Test
    void jailGetFillsBuffersAndRewritesLengths() {
        try (Arena a = Arena.ofConfined()) {
            Iovec iov = new IovecBuilder()
                    .integer("jid", 7)
                    .buffer("path", 1024)
                    .buffer("ip4.addr", 4 * 16)
                    .errmsg()
                    .build(a);
            NativeResult r = jailGet.call(iov.segment(), iov.count(), 0);
            assertEquals(7, r.orThrow("reading jail 7", iov.errmsg().orElse("")).intValue());
            assertEquals("jail_get:jid<-4;path<-buffer[1024];ip4.addr<-1;errmsg[1024]|flags=0", lastReport());
            assertEquals(4, iov.intValue("jid"), "the callee wrote the int");
            assertEquals("/jails/web", iov.stringValue("path"));
            assertEquals(4, iov.valueLength("ip4.addr"), "iov_len rewritten to the real size");
            assertEquals(4, iov.value("ip4.addr").byteSize());
            assertEquals(1024, iov.valueLength("path"));
        }
    }

    @Test
    void nmountWithFlagOptions() {
        try (Arena a = Arena.ofConfined()) {
            Iovec iov = new IovecBuilder()
                    .string("fstype", "nullfs")
                    .string("fspath", "/jails/web/data")
                    .string("target", "/srv/data")
                    .flag("ro")
                    .flag("nocover")
                    .errmsg()
                    .build(a);
            NativeResult r = nmount.call(iov.segment(), iov.count(), 0x1);
            assertEquals(0, r.orThrow().value());
            assertEquals("nmount:fstype=nullfs;fspath=/jails/web/data;target=/srv/data;ro;nocover;errmsg[1024]"
                    + "|flags=1", lastReport());

            Iovec bad = new IovecBuilder().string("fstype", "devfs").string("fspath", "/jails/web/dev")
                    .string("ruleset", "70000").errmsg().build(a);
            NativeResult failed = nmount.call(bad.segment(), bad.count(), 0);
            XcException e = assertThrows(XcException.class,
                    () -> failed.orThrow("mounting devfs on /jails/web/dev", bad.errmsg().orElse("")));
            assertTrue(e.getMessage().startsWith("nmount failed while mounting devfs on /jails/web/dev: "
                    + "invalid ruleset specification (errno 22 EINVAL"), e.getMessage());
        }
    }

    @Test
    void callsFromManyThreadsEachSeeTheirOwnErrno() throws Exception {
        Thread[] threads = new Thread[8];
        Throwable[] failures = new Throwable[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int n = t;
            threads[t] = Thread.ofPlatform().start(() -> {
                try (Arena a = Arena.ofConfined()) {
                    for (int i = 0; i < 200; i++) {
                        boolean fail = (i + n) % 2 == 0;
                        Iovec iov = new IovecBuilder().string("name", fail ? "existing" : "web").flag("persist")
                                .errmsg().build(a);
                        NativeResult r = jailSet.call(iov.segment(), iov.count(), JAIL_CREATE);
                        assertEquals(fail, r.failed());
                        if (fail) {
                            assertEquals("EEXIST", r.errnoName());
                        }
                    }
                } catch (Throwable e) {
                    failures[n] = e;
                }
            });
        }
        for (int t = 0; t < threads.length; t++) {
            threads[t].join();
            if (failures[t] != null) {
                throw new AssertionError("thread " + t, failures[t]);
            }
        }
    }

    @Test
    void missingLibraryIsReported() {
        try (Arena a = Arena.ofConfined()) {
            Path missing = dir.resolve("libnothere.so");
            XcException e = assertThrows(XcException.class, () -> NativeLinker.library(missing, a));
            assertEquals(ErrorCode.HOST_UNSUPPORTED, e.code());
            assertTrue(e.getMessage().startsWith("cannot load native library '" + missing + "'"), e.getMessage());
        }
    }

    @Test
    void missingFunctionInALibrary() {
        assertFalse(lib.has("jail_remove_jd"));
        assertTrue(lib.has("jail_set"));
        XcException e = assertThrows(XcException.class, () -> lib.require("jail_remove_jd",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)));
        assertEquals(ErrorCode.HOST_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().startsWith("native function 'jail_remove_jd' is not available in "), e.getMessage());
    }
}
