package dev.xc.host.ffi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Optional;

/**
 * A laid-out {@code struct iovec} name/value list, made by {@link IovecBuilder#build}: pass {@link #segment()} and
 * {@link #count()} to {@code jail_set}, {@code jail_get} or {@code nmount}, then read back what the kernel wrote
 * ({@link #errmsg()}, {@link #intValue}, {@link #stringValue}). Lives as long as the arena it was built in; used by
 * one thread at a time.
 */
public final class Iovec {

    /** {@code struct iovec} on LP64: {@code void *iov_base} at 0, {@code size_t iov_len} at 8; 16 bytes. */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("iov_base"), ValueLayout.JAVA_LONG.withName("iov_len")).withName("iovec");

    /**
     * The C signature shared by {@code jail_set}, {@code jail_get} and {@code nmount}:
     * {@code int f(struct iovec *iov, u_int niov, int flags)}.
     */
    public static final FunctionDescriptor CALL_DESCRIPTOR = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);

    private static final VarHandle BASE = IOVEC.varHandle(MemoryLayout.PathElement.groupElement("iov_base"));
    private static final VarHandle LEN = IOVEC.varHandle(MemoryLayout.PathElement.groupElement("iov_len"));

    private final MemorySegment segment;
    private final List<String> names;
    private final List<MemorySegment> values;

    Iovec(MemorySegment segment, List<String> names, List<MemorySegment> values) {
        this.segment = segment;
        this.names = names;
        this.values = values;
    }

    static void set(MemorySegment array, long index, MemorySegment base, long length) {
        long offset = index * IOVEC.byteSize();
        BASE.set(array, offset, base);
        LEN.set(array, offset, length);
    }

    /** The iovec array, to pass as {@code struct iovec *}. */
    public MemorySegment segment() {
        return segment;
    }

    /** The number of iovecs, {@code niov}: twice the number of parameters. */
    public int count() {
        return names.size() * 2;
    }

    /** The parameter names in order. */
    public List<String> names() {
        return names;
    }

    /** {@code iov_len} of the value of {@code name} as it is now (the kernel rewrites it in {@code jail_get}). */
    public long valueLength(String name) {
        return (long) LEN.get(segment, (2L * indexOf(name) + 1) * IOVEC.byteSize());
    }

    /**
     * The value memory of {@code name}, as long as its current {@code iov_len} says (never longer than what was
     * allocated).
     */
    public MemorySegment value(String name) {
        MemorySegment v = values.get(indexOf(name));
        long len = Math.min(Math.max(0, valueLength(name)), v.byteSize());
        return v.asSlice(0, len);
    }

    /** The value of {@code name} read as a C string (up to its first NUL). */
    public String stringValue(String name) {
        MemorySegment v = values.get(indexOf(name));
        return CStrings.read(v, v.byteSize());
    }

    /** The value of {@code name} read as a 4-byte {@code int}. */
    public int intValue(String name) {
        MemorySegment v = values.get(indexOf(name));
        if (v.byteSize() < 4) {
            throw new IllegalArgumentException("value of '" + name + "' is " + v.byteSize() + " bytes, not an int");
        }
        return v.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
    }

    /** The kernel's error text from the {@code errmsg} buffer; empty when it wrote none or there is no buffer. */
    public Optional<String> errmsg() {
        if (!names.contains(IovecBuilder.ERRMSG)) {
            return Optional.empty();
        }
        String text = stringValue(IovecBuilder.ERRMSG).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private int indexOf(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw XcException.of(ErrorCode.INVALID_ARGUMENT, "iovec has no parameter '" + name + "'",
                    "read back only parameters that were added, e.g. " + names);
        }
        return i;
    }

    @Override
    public String toString() {
        return "Iovec" + names;
    }
}
