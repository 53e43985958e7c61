package dev.xc.host.ffi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Objects;

/**
 * What one call of a C function returned, with the {@code errno} captured right after it.
 *
 * <p>For the system-call style functions xc uses ({@code jail_set}, {@code jail_get}, {@code nmount},
 * {@code close}, ...) a negative return (C's {@code -1}) means failure and only then is {@code errno} meaningful.
 *
 * {@snippet :
 * NativeResult r = jailSet.call(iov.segment(), iov.count(), JAIL_CREATE);
 * int jid = (int) r.orThrow("creating jail 'web'", iov.errmsg().orElse("")).value();
 * }
 *
 * @param function the C function's name, for messages
 * @param value what it returned, widened to {@code long} (an {@code int} keeps its sign; a pointer is its address;
 *        {@code void} is 0)
 * @param errno {@code errno} as it was right after the call (stale when the call succeeded)
 */
public record NativeResult(String function, long value, int errno) {

    public NativeResult {
        Objects.requireNonNull(function, "function");
    }

    /** Whether the call failed: it returned a negative value. */
    public boolean failed() {
        return value < 0;
    }

    /** The return value as a C {@code int}. */
    public int intValue() {
        return (int) value;
    }

    /** The symbolic name of {@link #errno()} on this host, e.g. {@code EINVAL}. */
    public String errnoName() {
        return Errno.host().name(errno);
    }

    /** This result when the call succeeded; otherwise the {@link ErrorCode#SYSCALL_FAILED} error. */
    public NativeResult orThrow() {
        return orThrow("", "");
    }

    /** As {@link #orThrow(String, String)} with no message from the kernel. */
    public NativeResult orThrow(String subject) {
        return orThrow(subject, "");
    }

    /**
     * This result when the call succeeded; otherwise an {@link ErrorCode#SYSCALL_FAILED} error such as
     * {@code jail_set failed while creating jail 'web': unknown parameter: foo (errno 22 EINVAL: Invalid argument)}.
     *
     * @param subject what the call was doing ({@code "creating jail 'web'"}), or empty
     * @param kernelMessage the text the kernel left in the {@code errmsg} buffer, or empty
     * @throws XcException {@link ErrorCode#SYSCALL_FAILED} when {@link #failed()}
     */
    public NativeResult orThrow(String subject, String kernelMessage) {
        if (!failed()) {
            return this;
        }
        throw toException(subject, kernelMessage);
    }

    /** The {@link ErrorCode#SYSCALL_FAILED} error describing this result; see {@link #orThrow(String, String)}. */
    public XcException toException(String subject, String kernelMessage) {
        String errnoText = Errno.host().describe(errno);
        String kmsg = kernelMessage.strip();
        String message = function + " failed" + (subject.isBlank() ? "" : " while " + subject.strip()) + ": "
                + (kmsg.isEmpty() ? errnoText : kmsg + " (" + errnoText + ")");
        return XcException.of(ErrorCode.SYSCALL_FAILED, message, hint(Errno.host().name(errno)));
    }

    private String hint(String errnoName) {
        return switch (errnoName) {
            case "EPERM", "EACCES" -> "run xc as root (" + function + " needs privileges), and check that the "
                    + "calling jail, if any, allows it";
            case "ENOENT" -> "check that the object named in the call exists";
            case "EEXIST" -> "the object already exists: choose another name or remove the existing one first";
            case "EINVAL" -> "a parameter was not accepted; the kernel's message names it when it gave one";
            case "ENOSYS" -> "this kernel does not provide " + function + "; it needs a newer FreeBSD";
            default -> "the kernel refused " + function + "; see the error above";
        };
    }
}
