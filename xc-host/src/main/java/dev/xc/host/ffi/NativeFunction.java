package dev.xc.host.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Objects;

/**
 * One C function found by a {@link NativeLinker}, callable with its {@code errno} captured.
 *
 * {@snippet :
 * NativeFunction close = NativeLinker.system()
 *         .require("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
 * NativeResult r = close.call(-1);   // r.value() == -1, r.errnoName() == "EBADF"
 * }
 *
 * <p>Thread-safe: each call captures {@code errno} into memory of its own.
 */
public final class NativeFunction {

    private final String name;
    private final FunctionDescriptor descriptor;
    private final MethodHandle handle;

    NativeFunction(String name, FunctionDescriptor descriptor, MethodHandle handle) {
        this.name = name;
        this.descriptor = descriptor;
        this.handle = handle;
    }

    /** The C name, e.g. {@code jail_set}. */
    public String name() {
        return name;
    }

    /** The C signature it was bound with. */
    public FunctionDescriptor descriptor() {
        return descriptor;
    }

    /**
     * The raw downcall handle. Its first parameter is the call-state segment ({@link NativeLinker#allocateCallState})
     * into which {@code errno} is captured; then come the parameters of {@link #descriptor()}.
     */
    public MethodHandle handle() {
        return handle;
    }

    /**
     * Calls the function with {@code args} (boxed as the descriptor says: {@code Integer} for {@code JAVA_INT},
     * {@code Long} for {@code JAVA_LONG}, {@link MemorySegment} for {@code ADDRESS}) and returns what it returned
     * together with {@code errno}.
     *
     * @throws IllegalArgumentException when the arguments do not match the descriptor
     */
    public NativeResult call(Object... args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = NativeLinker.allocateCallState(arena);
            Object[] full = new Object[args.length + 1];
            full[0] = state;
            System.arraycopy(args, 0, full, 1, args.length);
            Object returned;
            try {
                returned = handle.invokeWithArguments(full);
            } catch (ClassCastException | java.lang.invoke.WrongMethodTypeException e) {
                throw new IllegalArgumentException("arguments do not match " + name + descriptor + ": " + e.getMessage(),
                        e);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("calling " + name + " failed", t);
            }
            return new NativeResult(name, widen(returned), NativeLinker.errno(state));
        }
    }

    private static long widen(Object returned) {
        return switch (returned) {
            case null -> 0;
            case Integer i -> i;
            case Long l -> l;
            case Short s -> s;
            case Byte b -> b;
            case Character c -> c;
            case Boolean b -> b ? 1 : 0;
            case MemorySegment m -> m.address();
            default -> throw new IllegalStateException("unexpected return type " + returned.getClass().getName());
        };
    }

    @Override
    public String toString() {
        return "NativeFunction[" + name + descriptor + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NativeFunction f && name.equals(f.name) && descriptor.equals(f.descriptor)
                && handle.equals(f.handle);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, descriptor);
    }
}
