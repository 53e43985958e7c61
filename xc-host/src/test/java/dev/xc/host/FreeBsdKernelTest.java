package dev.xc.host;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.KernelCalls;
import dev.xc.api.spi.KernelParam;
import dev.xc.api.spi.KernelResult;
import dev.xc.host.ffi.CStrings;
import dev.xc.host.ffi.Errno;
import dev.xc.host.ffi.NativeFunction;
import dev.xc.host.ffi.NativeLinker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 2 ABI tests of {@link FreeBsdKernel}: the six bindings against {@code fakejail.c}, compiled here with gcc,
 * which has FreeBSD's signatures and reports what arrived (pairs, names, value bytes and lengths, flags, errmsg).
 */
class FreeBsdKernelTest {

    @TempDir
    static Path dir;
    static Arena arena;
    static FreeBsdKernel kernel;
    static NativeFunction report;

    @BeforeAll
    static void compile() throws Exception {
        Path source = dir.resolve("fakejail.c");
        try (InputStream in = FreeBsdKernelTest.class.getResourceAsStream("/dev/xc/host/ffi/fakejail.c")) {
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
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, gcc.exitValue(), "gcc failed:\n" + out);
        arena = Arena.ofShared();
        NativeLinker lib = NativeLinker.library(so, arena);
        kernel = FreeBsdKernel.of(lib);
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

    static int errno(String name) {
        return Errno.host().number(name).orElseThrow();
    }

    @Test
    void jailSetSendsEveryKindAndAnErrmsgBuffer() {
        KernelResult r = kernel.jailSet(List.of(
                KernelParam.text("name", "web"),
                KernelParam.text("path", "/jails/web"),
                KernelParam.int32("vnet", KernelCalls.JAIL_SYS_NEW),
                KernelParam.int32("enforce_statfs", 2),
                KernelParam.bytes("ip4.addr", new byte[] {10, 0, 0, 2}),
                KernelParam.int64("host.hostid", 42L),
                KernelParam.flag("persist"),
                KernelParam.flag("allow.nomount")), KernelCalls.JAIL_CREATE);
        assertFalse(r.failed(), r::toString);
        assertEquals(7, r.value());
        assertEquals("jail_set:name=web;path=/jails/web;vnet=1;enforce_statfs=2;ip4.addr=10.0.0.2;host.hostid=42;"
                + "persist;allow.nomount;errmsg[1024]|flags=1", lastReport());
    }

    @Test
    void jailSetFailureCarriesErrnoAndKernelText() {
        KernelResult r = kernel.jailSet(List.of(KernelParam.text("name", "existing"), KernelParam.flag("persist")),
                KernelCalls.JAIL_CREATE);
        assertTrue(r.failedWith("EEXIST"), r::toString);
        assertEquals(errno("EEXIST"), r.errno());
        assertEquals("jail \"existing\" already exists", r.errmsg());
        XcException e = assertThrows(XcException.class, () -> r.orThrow("creating jail 'existing'"));
        assertEquals(ErrorCode.SYSCALL_FAILED, e.code());
        assertEquals("jail_set failed while creating jail 'existing': jail \"existing\" already exists (errno "
                + errno("EEXIST") + " EEXIST)", e.getMessage());

        KernelResult unknown = kernel.jailSet(List.of(KernelParam.text("name", "web"), KernelParam.flag("persist"),
                KernelParam.flag("allow.frobnicate")), KernelCalls.JAIL_CREATE);
        assertTrue(unknown.failedWith("EINVAL"));
        assertEquals(Optional.of("unknown parameter: allow.frobnicate"), unknown.kernelMessage());

        KernelResult bad = kernel.jailSet(List.of(KernelParam.text("name", "web")), 0x100);
        assertTrue(bad.failedWith("EINVAL"));
        assertEquals("", bad.errmsg(), "no message for bad flags");
    }

    @Test
    void jailGetReadsBackStringsIntsAndAddresses() {
        KernelResult r = kernel.jailGet(List.of(
                KernelParam.int32("jid", 7),
                KernelParam.out("name", KernelParam.Value.Kind.STRING, 256),
                KernelParam.out("devfs_ruleset", KernelParam.Value.Kind.INT, 4),
                KernelParam.out("ip4.addr", KernelParam.Value.Kind.BYTES, 4 * 8)), 0);
        assertEquals(7, r.orThrow("reading jail 7").value());
        assertEquals("jail_get:jid<-4;name<-buffer[256];devfs_ruleset<-4;ip4.addr<-1;errmsg[1024]|flags=0",
                lastReport());
        assertEquals(Optional.of("web"), r.text("name"));
        assertEquals(Optional.of(4), r.int32("devfs_ruleset"));
        assertArrayEquals(new byte[] {10, 0, 0, 2}, r.bytes("ip4.addr").orElseThrow(), "length rewritten to 4");
        assertEquals(List.of("name", "devfs_ruleset", "ip4.addr"), List.copyOf(r.values().keySet()));
    }

    @Test
    void jailRemoveAndAttachPassTheJid() {
        assertEquals(0, kernel.jailRemove(5).value());
        assertEquals("jail_remove:5", lastReport());
        KernelResult missing = kernel.jailRemove(99);
        assertTrue(missing.failedWith("EINVAL"));
        assertEquals("jail_remove:99|fail=" + errno("EINVAL"), lastReport());
        assertTrue(kernel.jailRemove(1).failedWith("EPERM"));
        XcException e = assertThrows(XcException.class, () -> missing.orThrow("removing jail 99"));
        assertEquals("jail_remove failed while removing jail 99: errno " + errno("EINVAL") + " EINVAL",
                e.getMessage());

        assertEquals(0, kernel.jailAttachThisProcess(3).value());
        assertEquals("jail_attach:3", lastReport());
        assertTrue(kernel.jailAttachThisProcess(99).failedWith("EINVAL"));
    }

    @Test
    void nmountAndUnmount() {
        KernelResult m = kernel.nmount(List.of(KernelParam.text("fstype", "nullfs"),
                KernelParam.text("fspath", "/jails/web/data"), KernelParam.text("target", "/srv/data"),
                KernelParam.flag("ro")), KernelCalls.MNT_RDONLY);
        assertEquals(0, m.orThrow("mounting").value());
        assertEquals("nmount:fstype=nullfs;fspath=/jails/web/data;target=/srv/data;ro;errmsg[1024]|flags=1",
                lastReport());

        KernelResult bad = kernel.nmount(List.of(KernelParam.text("fstype", "devfs"),
                KernelParam.text("fspath", "/jails/web/dev"), KernelParam.text("ruleset", "70000")), 0);
        assertTrue(bad.failedWith("EINVAL"));
        assertEquals("invalid ruleset specification", bad.errmsg());

        assertEquals(0, kernel.unmount("/jails/web/dev", KernelCalls.MNT_FORCE).value());
        assertEquals("unmount:/jails/web/dev|flags=524288", lastReport());
        assertTrue(kernel.unmount("/not-mounted", 0).failedWith("EINVAL"));
        assertTrue(kernel.unmount("/busy", 0).failedWith("EBUSY"));
        assertEquals(0, kernel.unmount("/busy", KernelCalls.MNT_FORCE).value());
    }

    @Test
    @DisabledOnOs(OS.FREEBSD)
    void elsewhereTheHostReportsTheCallsUnavailable() {
        assertEquals(Optional.empty(), FreeBsdKernel.system());
        assertEquals(Optional.empty(), LocalHost.create().kernel());
    }
}
