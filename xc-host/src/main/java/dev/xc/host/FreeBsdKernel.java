package dev.xc.host;

import dev.xc.api.spi.KernelCalls;
import dev.xc.api.spi.KernelParam;
import dev.xc.api.spi.KernelResult;
import dev.xc.host.ffi.CStrings;
import dev.xc.host.ffi.Errno;
import dev.xc.host.ffi.Iovec;
import dev.xc.host.ffi.IovecBuilder;
import dev.xc.host.ffi.NativeFunction;
import dev.xc.host.ffi.NativeLinker;
import dev.xc.host.ffi.NativeResult;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FreeBSD's jail and mount system calls bound through the foreign function API: the real {@link KernelCalls}.
 *
 * <p>Signatures (FreeBSD {@code <sys/jail.h>}, {@code <sys/mount.h>}; freebsd-facts.md 1.1, 10.1):
 * <pre>
 * int jail_set(struct iovec *iov, u_int niov, int flags);   int jail_get(struct iovec *iov, u_int niov, int flags);
 * int jail_remove(int jid);                                  int jail_attach(int jid);
 * int nmount(struct iovec *iov, u_int niov, int flags);      int unmount(const char *dir, int flags);
 * </pre>
 * Parameters travel as iovec name/value pairs built by {@link IovecBuilder}: strings NUL-terminated, integers as
 * C ints, booleans as the bare name or its {@code no} form with {@code {NULL, 0}}, addresses as packed
 * {@code struct in_addr}/{@code in6_addr} arrays; every call of the iovec kind carries a zeroed 1024-byte
 * {@code errmsg} buffer whose text comes back in {@link KernelResult#errmsg()} together with {@code errno}.
 *
 * <p>{@link #system()} finds the functions in the C library through the default lookup and is present only on
 * FreeBSD; {@link #of(NativeLinker)} binds them from any library (the tests load a stand-in compiled with gcc).
 * {@link #jailAttachThisProcess} exists for completeness and for the ABI tests: it jails the calling process, so it
 * must never be called in the daemon (freebsd-facts.md 1.8). Thread-safe.
 */
public final class FreeBsdKernel implements KernelCalls {

    private static final FunctionDescriptor INT_OF_INT = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT);
    private static final FunctionDescriptor UNMOUNT = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT);

    /** The C names bound, in the order they are looked up. */
    public static final List<String> FUNCTIONS = List.of("jail_set", "jail_get", "jail_remove", "jail_attach",
            "nmount", "unmount");

    private final NativeFunction jailSet;
    private final NativeFunction jailGet;
    private final NativeFunction jailRemove;
    private final NativeFunction jailAttach;
    private final NativeFunction nmount;
    private final NativeFunction unmount;
    private final Errno errno;

    private FreeBsdKernel(NativeLinker linker, Errno errno) {
        this.jailSet = linker.require("jail_set", Iovec.CALL_DESCRIPTOR);
        this.jailGet = linker.require("jail_get", Iovec.CALL_DESCRIPTOR);
        this.jailRemove = linker.require("jail_remove", INT_OF_INT);
        this.jailAttach = linker.require("jail_attach", INT_OF_INT);
        this.nmount = linker.require("nmount", Iovec.CALL_DESCRIPTOR);
        this.unmount = linker.require("unmount", UNMOUNT);
        this.errno = errno;
    }

    /** The calls of this host's C library, when it has all of them (FreeBSD); empty elsewhere. */
    public static Optional<FreeBsdKernel> system() {
        NativeLinker linker = NativeLinker.system();
        if (!FUNCTIONS.stream().allMatch(linker::has)) {
            return Optional.empty();
        }
        return Optional.of(new FreeBsdKernel(linker, Errno.host()));
    }

    /**
     * The calls found by {@code linker}, errno named with this host's numbering.
     *
     * @throws dev.xc.api.XcException {@code HOST_UNSUPPORTED} naming the first function it lacks
     */
    public static FreeBsdKernel of(NativeLinker linker) {
        return new FreeBsdKernel(linker, Errno.host());
    }

    @Override
    public KernelResult jailSet(List<KernelParam> params, int flags) {
        return iovecCall(jailSet, params, flags);
    }

    @Override
    public KernelResult jailGet(List<KernelParam> params, int flags) {
        return iovecCall(jailGet, params, flags);
    }

    @Override
    public KernelResult jailRemove(int jid) {
        return plain(jailRemove.call(jid));
    }

    /**
     * {@code jail_attach(jid)} in <em>this</em> process: afterwards the whole JVM lives in the jail. Never call it in
     * the daemon; processes enter jails through {@code jexec}. Present for the ABI tests and for a dedicated helper
     * process that is about to exec.
     */
    public KernelResult jailAttachThisProcess(int jid) {
        return plain(jailAttach.call(jid));
    }

    @Override
    public KernelResult nmount(List<KernelParam> params, int flags) {
        return iovecCall(nmount, params, flags);
    }

    @Override
    public KernelResult unmount(String dir, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            return plain(unmount.call(CStrings.allocate(arena, dir), flags));
        }
    }

    private KernelResult plain(NativeResult r) {
        return r.failed() ? KernelResult.failure(r.function(), r.errno(), errno.name(r.errno()), "")
                : KernelResult.ok(r.function(), r.intValue());
    }

    private KernelResult iovecCall(NativeFunction function, List<KernelParam> params, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            IovecBuilder builder = new IovecBuilder();
            for (KernelParam p : params) {
                switch (p.value()) {
                    case KernelParam.Value.Text t -> builder.string(p.name(), t.text());
                    case KernelParam.Value.Int32 i -> builder.integer(p.name(), i.value());
                    case KernelParam.Value.Int64 l -> builder.int64(p.name(), l.value());
                    case KernelParam.Value.Bytes b -> builder.bytes(p.name(), b.bytes());
                    case KernelParam.Value.Flag f -> builder.flag(p.name());
                    case KernelParam.Value.Out o -> builder.buffer(p.name(), o.size());
                }
            }
            builder.errmsg();
            Iovec iov = builder.build(arena);
            NativeResult r = function.call(iov.segment(), iov.count(), flags);
            if (r.failed()) {
                return KernelResult.failure(function.name(), r.errno(), errno.name(r.errno()),
                        iov.errmsg().orElse(""));
            }
            Map<String, KernelParam.Value> values = new LinkedHashMap<>();
            for (KernelParam p : params) {
                if (p.value() instanceof KernelParam.Value.Out o) {
                    values.put(p.name(), read(iov, p.name(), o));
                }
            }
            return new KernelResult(function.name(), r.intValue(), 0, "", "", values);
        }
    }

    private static KernelParam.Value read(Iovec iov, String name, KernelParam.Value.Out out) {
        return switch (out.kind()) {
            case STRING -> new KernelParam.Value.Text(iov.stringValue(name));
            case INT -> new KernelParam.Value.Int32(iov.intValue(name));
            case LONG -> {
                MemorySegment v = iov.value(name);
                yield new KernelParam.Value.Int64(v.byteSize() >= 8 ? v.get(ValueLayout.JAVA_LONG_UNALIGNED, 0) : 0);
            }
            case BYTES -> new KernelParam.Value.Bytes(iov.value(name).toArray(ValueLayout.JAVA_BYTE));
        };
    }

    @Override
    public String toString() {
        return "FreeBsdKernel" + FUNCTIONS;
    }
}
