package dev.xc.api.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * One name/value pair of a {@code jail_set(2)}, {@code jail_get(2)} or {@code nmount(2)} parameter list, at the level
 * the kernel sees it: the name as written into the first iovec and the value already encoded by kind. Higher layers
 * (the typed jail parameter model of {@code dev.xc.jail}) validate and convert; this record only carries.
 *
 * {@snippet :
 * List<KernelParam> params = List.of(
 *         KernelParam.text("name", "web"),
 *         KernelParam.text("path", "/jails/web"),
 *         KernelParam.int32("devfs_ruleset", 10),
 *         KernelParam.flag("persist"),
 *         KernelParam.flag("allow.nomount"));
 * }
 *
 * @param name the parameter name, not empty, without NUL
 * @param value the encoded value
 */
public record KernelParam(String name, Value value) {

    public KernelParam {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a kernel parameter name must be non-empty and free of NUL: '"
                    + name.replace("\0", "\\0") + "'");
        }
    }

    /** A NUL-terminated C string value. */
    public static KernelParam text(String name, String value) {
        return new KernelParam(name, new Value.Text(value));
    }

    /** A 4-byte C {@code int} value (also jailsys: 0 disable, 1 new, 2 inherit). */
    public static KernelParam int32(String name, int value) {
        return new KernelParam(name, new Value.Int32(value));
    }

    /** An 8-byte value ({@code unsigned long} on LP64, e.g. {@code host.hostid}). */
    public static KernelParam int64(String name, long value) {
        return new KernelParam(name, new Value.Int64(value));
    }

    /** Packed bytes ({@code ip4.addr}: 4 per address, {@code ip6.addr}: 16), network order. */
    public static KernelParam bytes(String name, byte[] value) {
        return new KernelParam(name, new Value.Bytes(value));
    }

    /** A name with no value, {@code {NULL, 0}}: jail_set booleans ({@code persist}, {@code nopersist}) and mount flags. */
    public static KernelParam flag(String name) {
        return new KernelParam(name, new Value.Flag());
    }

    /** A jail_get output buffer of {@code kind} and {@code size} bytes, for the kernel to fill. */
    public static KernelParam out(String name, Value.Kind kind, int size) {
        return new KernelParam(name, new Value.Out(kind, size));
    }

    /** An encoded value. */
    public sealed interface Value {

        /** What a jail_get output buffer holds. */
        enum Kind {
            /** A C string; read up to the first NUL. */
            STRING,
            /** A 4-byte {@code int} (also booleans and jailsys values on jail_get). */
            INT,
            /** An 8-byte value. */
            LONG,
            /** Packed bytes whose length the kernel rewrites ({@code ip4.addr}, {@code ip6.addr}). */
            BYTES
        }

        /** A C string. */
        record Text(String text) implements Value {
            public Text {
                Objects.requireNonNull(text, "text");
                if (text.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("a C string cannot contain NUL");
                }
            }
        }

        /** A C {@code int}. */
        record Int32(int value) implements Value {
        }

        /** An 8-byte integer. */
        record Int64(long value) implements Value {
        }

        /** Packed bytes. */
        record Bytes(byte[] bytes) implements Value {
            public Bytes {
                bytes = bytes.clone();
            }

            @Override
            public byte[] bytes() {
                return bytes.clone();
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(bytes);
            }

            @Override
            public String toString() {
                return "Bytes[" + bytes.length + "]";
            }
        }

        /** No value: {@code {NULL, 0}}. */
        record Flag() implements Value {
        }

        /** An output buffer for jail_get. */
        record Out(Kind kind, int size) implements Value {
            public Out {
                Objects.requireNonNull(kind, "kind");
                if (size < 0) {
                    throw new IllegalArgumentException("buffer size must not be negative, got " + size);
                }
            }
        }
    }

    @Override
    public String toString() {
        return switch (value) {
            case Value.Text t -> name + "=" + t.text();
            case Value.Int32 i -> name + "=" + i.value();
            case Value.Int64 l -> name + "=" + l.value() + "L";
            case Value.Bytes b -> name + "=<" + b.bytes.length + " bytes>";
            case Value.Flag f -> name;
            case Value.Out o -> name + "<-" + o.kind().name().toLowerCase(java.util.Locale.ROOT) + "[" + o.size() + "]";
        };
    }
}
