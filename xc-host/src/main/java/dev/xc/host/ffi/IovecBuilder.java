package dev.xc.host.ffi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the {@code struct iovec} name/value list that {@code jail_set(2)}, {@code jail_get(2)} and {@code nmount(2)}
 * take: each parameter is two iovecs, the name as a NUL-terminated string ({@code iov_len = strlen + 1}) and then the
 * value, encoded by kind:
 * <ul>
 *   <li>{@link #string} a C string with its NUL ({@code name}, {@code path}, {@code host.hostname}, {@code fstype});</li>
 *   <li>{@link #integer} a 4-byte {@code int} ({@code devfs_ruleset}, {@code enforce_statfs}, and the jailsys
 *       parameters {@code vnet}, {@code ip4}, {@code linux}: 0 disable, 1 new, 2 inherit);</li>
 *   <li>{@link #int64} an 8-byte value ({@code host.hostid});</li>
 *   <li>{@link #bytes} packed bytes ({@code ip4.addr}: 4 bytes per address in network order; {@code ip6.addr}: 16);</li>
 *   <li>{@link #flag} no value at all, {@code {NULL, 0}}: jail_set's booleans and nmount's flag options, where the
 *       presence of the name is the whole meaning; {@link #bool} picks the name ({@code persist} or
 *       {@code nopersist}, {@code allow.mount} or {@code allow.nomount}) for you;</li>
 *   <li>{@link #buffer} a zeroed buffer for the kernel to fill ({@code jail_get} results), and {@link #errmsg()} the
 *       1024-byte {@code errmsg} buffer in which the kernel explains a failure.</li>
 * </ul>
 *
 * {@snippet :
 * try (Arena arena = Arena.ofConfined()) {
 *     Iovec iov = new IovecBuilder()
 *             .string("name", "web").string("path", "/jails/web")
 *             .bytes("ip4.addr", InetAddress.ofLiteral("10.0.0.2").getAddress())
 *             .bool("persist", true)
 *             .errmsg()
 *             .build(arena);
 *     NativeResult r = jailSet.call(iov.segment(), iov.count(), 0x01);   // JAIL_CREATE
 *     r.orThrow("creating jail 'web'", iov.errmsg().orElse(""));
 * }
 * }
 *
 * <p>Names are checked as they are added: not empty, no NUL, and each at most once (the kernel would silently keep
 * only the last). Values are copied, so a builder may be reused and built again. Layout: LP64 ({@code iov_base} 8
 * bytes, {@code iov_len} 8 bytes), as on FreeBSD/amd64 and FreeBSD/arm64. Not thread-safe.
 */
public final class IovecBuilder {

    /** The size of the {@code errmsg} buffer: libjail's {@code JAIL_ERRMSGLEN}. */
    public static final int ERRMSG_SIZE = 1024;

    /** The name of the pseudo-parameter that receives the kernel's error text. */
    public static final String ERRMSG = "errmsg";

    /** One parameter's value, as it will be laid out. */
    sealed interface Value {
        record Text(String text) implements Value {
        }

        record Int32(int value) implements Value {
        }

        record Int64(long value) implements Value {
        }

        record Bytes(byte[] bytes) implements Value {
        }

        record Flag() implements Value {
        }

        record Buffer(int size) implements Value {
        }
    }

    record Param(String name, Value value) {
    }

    private final List<Param> params = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** An empty list. */
    public IovecBuilder() {
    }

    /** A C string value. */
    public IovecBuilder string(String name, String value) {
        CStrings.utf8(value);
        return add(name, new Value.Text(value));
    }

    /** A 4-byte native-order {@code int} value. */
    public IovecBuilder integer(String name, int value) {
        return add(name, new Value.Int32(value));
    }

    /** An 8-byte native-order value ({@code long}, {@code unsigned long} or {@code size_t} on LP64). */
    public IovecBuilder int64(String name, long value) {
        return add(name, new Value.Int64(value));
    }

    /** A packed byte array value, copied as is; may be empty ({@code {ptr, 0}}: present but empty). */
    public IovecBuilder bytes(String name, byte[] value) {
        return add(name, new Value.Bytes(value.clone()));
    }

    /** A parameter with no value: {@code {NULL, 0}}. */
    public IovecBuilder flag(String name) {
        return add(name, new Value.Flag());
    }

    /**
     * A jail_set boolean: {@code name} itself when {@code value} is true, else its negative, with {@code no} inserted
     * after the last dot ({@code persist}/{@code nopersist}, {@code allow.mount.zfs}/{@code allow.mount.nozfs}).
     */
    public IovecBuilder bool(String name, boolean value) {
        return flag(value ? name : negated(name));
    }

    /** A zeroed buffer of {@code size} bytes for the kernel to write into. */
    public IovecBuilder buffer(String name, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("buffer size must not be negative, got " + size);
        }
        return add(name, new Value.Buffer(size));
    }

    /** The {@code errmsg} buffer ({@value #ERRMSG_SIZE} zeroed bytes); read it back with {@link Iovec#errmsg()}. */
    public IovecBuilder errmsg() {
        return buffer(ERRMSG, ERRMSG_SIZE);
    }

    /** How many parameters (pairs) have been added. */
    public int size() {
        return params.size();
    }

    /** {@code persist} to {@code nopersist}, {@code allow.mount} to {@code allow.nomount}. */
    public static String negated(String name) {
        int dot = name.lastIndexOf('.');
        return name.substring(0, dot + 1) + "no" + name.substring(dot + 1);
    }

    /**
     * Lays the list out in {@code arena}: the iovec array and every name and value.
     *
     * @throws XcException {@link ErrorCode#HOST_UNSUPPORTED} on a platform whose pointers are not 8 bytes
     */
    public Iovec build(Arena arena) {
        if (ValueLayout.ADDRESS.byteSize() != 8) {
            throw XcException.of(ErrorCode.HOST_UNSUPPORTED,
                    "iovec lists are laid out for 64-bit hosts; this one has " + ValueLayout.ADDRESS.byteSize()
                            + "-byte pointers",
                    "run xc on a 64-bit host (amd64 or arm64)");
        }
        MemorySegment array = arena.allocate(Iovec.IOVEC, 2L * Math.max(1, params.size()));
        List<String> order = new ArrayList<>(params.size());
        List<MemorySegment> values = new ArrayList<>(params.size());
        long i = 0;
        for (Param p : params) {
            MemorySegment name = CStrings.allocate(arena, p.name());
            MemorySegment value = switch (p.value()) {
                case Value.Text t -> CStrings.allocate(arena, t.text());
                case Value.Int32 n -> arena.allocateFrom(ValueLayout.JAVA_INT, n.value());
                case Value.Int64 n -> arena.allocateFrom(ValueLayout.JAVA_LONG, n.value());
                case Value.Bytes b -> b.bytes().length == 0 ? arena.allocate(1, 8).asSlice(0, 0)
                        : arena.allocate(b.bytes().length, 8).copyFrom(MemorySegment.ofArray(b.bytes()));
                case Value.Flag f -> MemorySegment.NULL;
                case Value.Buffer b -> arena.allocate(Math.max(1, b.size()), 8).fill((byte) 0).asSlice(0, b.size());
            };
            Iovec.set(array, i++, name, name.byteSize());
            Iovec.set(array, i++, value, value.byteSize());
            order.add(p.name());
            values.add(value);
        }
        return new Iovec(array.asSlice(0, Iovec.IOVEC.byteSize() * i), List.copyOf(order), List.copyOf(values));
    }

    private IovecBuilder add(String name, Value value) {
        if (name.isEmpty()) {
            throw XcException.of(ErrorCode.INVALID_ARGUMENT, "an iovec parameter needs a name",
                    "name the parameter as the kernel knows it, e.g. persist or devfs_ruleset");
        }
        CStrings.utf8(name);
        if (!names.add(name)) {
            throw XcException.of(ErrorCode.INVALID_ARGUMENT,
                    "iovec parameter '" + name + "' is given twice; the kernel would keep only the last",
                    "give each parameter once");
        }
        params.add(new Param(name, value));
        return this;
    }
}
