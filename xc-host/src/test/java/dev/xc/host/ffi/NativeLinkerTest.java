package dev.xc.host.ffi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The C library of this host through the default lookup. */
class NativeLinkerTest {

    private static final FunctionDescriptor INT_INT = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);

    @Test
    @EnabledOnOs({OS.LINUX, OS.FREEBSD, OS.MAC})
    void errnoOfCloseOnABadDescriptorIsCaptured() {
        NativeFunction close = NativeLinker.system().require("close", INT_INT);
        NativeResult r = close.call(-1);
        assertTrue(r.failed());
        assertEquals(-1, r.value());
        assertEquals(9, r.errno(), "EBADF is 9 on FreeBSD, Linux and macOS");
        assertEquals("EBADF", r.errnoName());
        assertEquals("close", r.function());
        XcException e = assertThrows(XcException.class, r::orThrow);
        assertEquals(ErrorCode.SYSCALL_FAILED, e.code());
        assertInstanceOf(XcException.HostFailure.class, e);
        assertTrue(e.getMessage().startsWith("close failed: errno 9 EBADF"), e.getMessage());
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.FREEBSD, OS.MAC})
    void successIsNotAnError() {
        NativeFunction getpid = NativeLinker.system().require("getpid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
        NativeResult r = getpid.call();
        assertEquals(ProcessHandle.current().pid(), r.orThrow().value());
    }

    @Test
    @DisabledOnOs(OS.FREEBSD)
    void jailSetIsUnavailableOffFreeBsd() {
        NativeLinker system = NativeLinker.system();
        assertTrue(system.find("jail_set", Iovec.CALL_DESCRIPTOR).isEmpty());
        assertTrue(!system.has("nmount") || System.getProperty("os.name").equals("FreeBSD"));
        XcException e = assertThrows(XcException.class, () -> system.require("jail_set", Iovec.CALL_DESCRIPTOR));
        assertEquals(ErrorCode.HOST_UNSUPPORTED, e.code());
        assertEquals("native function 'jail_set' is not available in the C library of this host ("
                + System.getProperty("os.name") + ")", e.getMessage());
        assertEquals("this operation needs FreeBSD; run xc on a FreeBSD host, or use the simulated host in tests",
                e.hint());
    }

    @Test
    @EnabledOnOs(OS.FREEBSD)
    void jailSetIsInFreeBsdsLibc() {
        assertTrue(NativeLinker.system().find("jail_set", Iovec.CALL_DESCRIPTOR).isPresent());
    }

    @Test
    void wrongArgumentsAreAProgrammingError() {
        NativeFunction close = NativeLinker.system().require("close", INT_INT);
        assertThrows(IllegalArgumentException.class, () -> close.call("not an int"));
    }

    @Test
    void callStateHoldsErrno() {
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(0, NativeLinker.errno(NativeLinker.allocateCallState(arena)));
        }
    }

    @Test
    void successfulResultPassesThrough() {
        NativeResult ok = new NativeResult("jail_set", 3, 0);
        assertEquals(ok, ok.orThrow("creating jail 'x'", "ignored"));
        assertEquals(3, ok.intValue());
    }
}
