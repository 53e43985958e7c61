package dev.xc.host.ffi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds C functions and binds them so that {@code errno} is captured right after each call
 * ({@link Linker.Option#captureCallState(String...) captureCallState("errno")}): reading it later from Java would be
 * too late, since the JVM itself may have changed it in between.
 *
 * <p>{@link #system()} looks in the C library the JVM already uses ({@link Linker#defaultLookup()}); on FreeBSD
 * that is where {@code jail_set}, {@code jail_get}, {@code jail_attach}, {@code jail_remove} and {@code nmount} live.
 * {@link #library(Path, Arena)} looks in one shared library, which is how the tests load a stand-in compiled on Linux.
 * A function the lookup does not have is reported, never a crash: {@link #find} returns empty and {@link #require}
 * throws {@link ErrorCode#HOST_UNSUPPORTED}, as happens for {@code jail_set} on Linux.
 *
 * {@snippet :
 * Optional<NativeFunction> jailSet = NativeLinker.system().find("jail_set", Iovec.CALL_DESCRIPTOR);
 * if (jailSet.isEmpty()) {
 *     // not FreeBSD: use another runtime
 * }
 * }
 *
 * <p>Binding is a restricted operation: the JVM warns (or, with {@code --illegal-native-access=deny}, refuses)
 * unless started with {@code --enable-native-access=dev.xc.host}. Thread-safe.
 */
public final class NativeLinker {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private final SymbolLookup lookup;
    private final String source;

    private NativeLinker(SymbolLookup lookup, String source) {
        this.lookup = lookup;
        this.source = source;
    }

    /** Functions of the C library the JVM is linked with. */
    public static NativeLinker system() {
        return new NativeLinker(LINKER.defaultLookup(), "the C library of this host (" + System.getProperty("os.name")
                + ")");
    }

    /** Functions found by {@code lookup}; {@code source} names it in messages ({@code "libjail.so.1"}). */
    public static NativeLinker of(SymbolLookup lookup, String source) {
        return new NativeLinker(Objects.requireNonNull(lookup, "lookup"), source);
    }

    /**
     * Functions of the shared library at {@code library}, loaded for as long as {@code arena} is alive.
     *
     * @throws XcException {@link ErrorCode#HOST_UNSUPPORTED} when the library cannot be loaded
     */
    public static NativeLinker library(Path library, Arena arena) {
        try {
            return new NativeLinker(SymbolLookup.libraryLookup(library, arena), library.toString());
        } catch (IllegalArgumentException e) {
            throw XcException.of(ErrorCode.HOST_UNSUPPORTED,
                    "cannot load native library '" + library + "': " + e.getMessage(),
                    "check that the file exists and is a shared library for this system and architecture", e);
        }
    }

    /** Whether the lookup has a symbol named {@code name}. */
    public boolean has(String name) {
        return lookup.find(name).isPresent();
    }

    /** The function {@code name} bound with {@code descriptor}, or empty when the lookup does not have it. */
    public Optional<NativeFunction> find(String name, FunctionDescriptor descriptor) {
        return lookup.find(name).map(symbol -> new NativeFunction(name, descriptor,
                LINKER.downcallHandle(symbol, descriptor, CAPTURE_ERRNO)));
    }

    /**
     * The variadic function {@code name} ({@code ioctl}, {@code fcntl}) bound with {@code descriptor}, whose
     * parameters from index {@code firstVariadicArg} on are the variadic ones, or empty when the lookup does not have
     * it. Variadic arguments follow C's promotions: pass {@code int} or wider, and pointers as {@code ADDRESS}.
     */
    public Optional<NativeFunction> findVariadic(String name, FunctionDescriptor descriptor, int firstVariadicArg) {
        return lookup.find(name).map(symbol -> new NativeFunction(name, descriptor,
                LINKER.downcallHandle(symbol, descriptor, CAPTURE_ERRNO,
                        Linker.Option.firstVariadicArg(firstVariadicArg))));
    }

    /**
     * The function {@code name} bound with {@code descriptor}.
     *
     * @throws XcException {@link ErrorCode#HOST_UNSUPPORTED} when the lookup does not have it (for example
     *         {@code jail_set} anywhere but FreeBSD)
     */
    public NativeFunction require(String name, FunctionDescriptor descriptor) {
        return find(name, descriptor).orElseThrow(() -> XcException.of(ErrorCode.HOST_UNSUPPORTED,
                "native function '" + name + "' is not available in " + source,
                "this operation needs FreeBSD; run xc on a FreeBSD host, or use the simulated host in tests"));
    }

    /** Memory for one call's captured state (the first argument of a {@link NativeFunction#handle()}). */
    public static MemorySegment allocateCallState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** The {@code errno} captured in {@code callState} by the last call that used it. */
    public static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    @Override
    public String toString() {
        return "NativeLinker[" + source + "]";
    }
}
