package dev.xc.host;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Signal;
import dev.xc.host.ffi.NativeFunction;
import dev.xc.host.ffi.NativeLinker;
import dev.xc.host.ffi.NativeResult;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;

/**
 * Sends signals with {@code kill(2)} through the foreign function API (the JDK only sends TERM and KILL), with the
 * numbering of this system. Thread-safe.
 */
public final class Signals {

    private static final String OS = System.getProperty("os.name", "");
    private static volatile NativeFunction kill;

    private Signals() {
    }

    /** The number of {@code signal} on this system. */
    public static int number(Signal signal) {
        return signal.number(OS);
    }

    /**
     * Sends {@code signal} to {@code pid}; false when the process is gone ({@code ESRCH}).
     *
     * @throws XcException {@link ErrorCode#SYSCALL_FAILED} for any other failure (EPERM)
     */
    public static boolean send(long pid, Signal signal) {
        NativeFunction k = kill;
        if (k == null) {
            k = NativeLinker.system().require("kill",
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            kill = k;
        }
        NativeResult r = k.call((int) pid, number(signal));
        if (r.failed() && r.errnoName().equals("ESRCH")) {
            return false;
        }
        r.orThrow("sending " + signal.cName() + " to pid " + pid);
        return true;
    }
}
