package dev.xc.api.spi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one kernel call of {@link KernelCalls} returned: the C return value, and on failure {@code errno} (number and
 * symbolic name) with the text the kernel left in the {@code errmsg} buffer; for {@code jail_get} also the values it
 * wrote into the output buffers.
 *
 * @param function the C function ({@code jail_set}, {@code nmount}, ...)
 * @param value the return value: the jid for jail_set/jail_get, 0 for the others, -1 on failure
 * @param errno the errno number after a failure (0 on success); numbering of the system that answered
 * @param errnoName the symbolic errno ({@code EEXIST}) after a failure, empty on success
 * @param errmsg the kernel's message from the {@code errmsg} buffer, empty when it gave none
 * @param values for jail_get: each output parameter as the kernel filled it ({@link KernelParam.Value.Text},
 *        {@link KernelParam.Value.Int32}, {@link KernelParam.Value.Int64} or {@link KernelParam.Value.Bytes}), in
 *        request order; empty otherwise
 */
public record KernelResult(String function, int value, int errno, String errnoName, String errmsg,
                           Map<String, KernelParam.Value> values) {

    public KernelResult {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(errnoName, "errnoName");
        Objects.requireNonNull(errmsg, "errmsg");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A successful call returning {@code value}. */
    public static KernelResult ok(String function, int value) {
        return new KernelResult(function, value, 0, "", "", Map.of());
    }

    /** A failed call: -1 with {@code errno} and the kernel's message (may be empty). */
    public static KernelResult failure(String function, int errno, String errnoName, String errmsg) {
        return new KernelResult(function, -1, errno, errnoName, errmsg, Map.of());
    }

    /** Whether the call failed (returned a negative value). */
    public boolean failed() {
        return value < 0;
    }

    /** Whether the call failed with the symbolic errno {@code name}. */
    public boolean failedWith(String name) {
        return failed() && errnoName.equals(name);
    }

    /** The kernel's message, if it gave one. */
    public Optional<String> kernelMessage() {
        return errmsg.isBlank() ? Optional.empty() : Optional.of(errmsg.strip());
    }

    /** The string value jail_get wrote for {@code name}. */
    public Optional<String> text(String name) {
        return values.get(name) instanceof KernelParam.Value.Text t ? Optional.of(t.text()) : Optional.empty();
    }

    /** The int value jail_get wrote for {@code name}. */
    public Optional<Integer> int32(String name) {
        return values.get(name) instanceof KernelParam.Value.Int32 i ? Optional.of(i.value()) : Optional.empty();
    }

    /** The packed bytes jail_get wrote for {@code name} (as long as the kernel said). */
    public Optional<byte[]> bytes(String name) {
        return values.get(name) instanceof KernelParam.Value.Bytes b ? Optional.of(b.bytes()) : Optional.empty();
    }

    /**
     * This result when the call succeeded; otherwise {@link ErrorCode#SYSCALL_FAILED}, for example
     * {@code jail_set failed while creating jail 'web': jail "web" already exists (errno 17 EEXIST)}.
     *
     * @param subject what the call was doing, e.g. {@code creating jail 'web'}
     */
    public KernelResult orThrow(String subject) {
        if (!failed()) {
            return this;
        }
        String errnoText = "errno " + errno + " " + errnoName;
        String message = function + " failed" + (subject.isBlank() ? "" : " while " + subject.strip()) + ": "
                + kernelMessage().map(m -> m + " (" + errnoText + ")").orElse(errnoText);
        throw XcException.of(ErrorCode.SYSCALL_FAILED, message, hint());
    }

    private String hint() {
        return switch (errnoName) {
            case "EPERM", "EACCES" -> "run xc as root (" + function + " needs privileges)";
            case "ENOENT" -> "check that the object named in the call exists";
            case "EEXIST" -> "the object already exists: choose another name or remove the existing one first";
            case "EINVAL" -> "a parameter was not accepted; the kernel's message names it when it gave one";
            case "EBUSY" -> "something still uses it: unmount what is mounted below it or stop its processes first";
            case "ENAMETOOLONG" -> "shorten the value named in the message";
            default -> "the kernel refused " + function + "; see the error above";
        };
    }

    @Override
    public String toString() {
        return function + " = " + value + (failed() ? " " + errnoName + (errmsg.isBlank() ? "" : " \"" + errmsg + "\"")
                : "") + (values.isEmpty() ? "" : " " + values);
    }
}
