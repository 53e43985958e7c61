package dev.xc.host.ffi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * NUL-terminated UTF-8 strings in native memory, the way C functions take and return them.
 *
 * {@snippet :
 * try (Arena arena = Arena.ofConfined()) {
 *     MemorySegment path = CStrings.allocate(arena, "/jails/web");   // 11 bytes: 10 + NUL
 *     String back = CStrings.read(path, 1024);                        // "/jails/web"
 * }
 * }
 *
 * <p>Stateless and thread-safe; the segments follow the rules of the arena they live in.
 */
public final class CStrings {

    private CStrings() {
    }

    /**
     * Copies {@code text} into {@code arena} as UTF-8 followed by one NUL byte.
     *
     * @return a segment of exactly {@link #byteLength(String)} bytes
     * @throws XcException {@link ErrorCode#INVALID_ARGUMENT} when {@code text} contains a NUL character, which C
     *         would take as the end of the string and silently cut the rest
     */
    public static MemorySegment allocate(Arena arena, String text) {
        byte[] bytes = utf8(text);
        MemorySegment segment = arena.allocate(bytes.length + 1L, 1);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        segment.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
        return segment;
    }

    /** The size of {@code text} as a C string: its UTF-8 bytes plus the terminating NUL. */
    public static long byteLength(String text) {
        return utf8(text).length + 1L;
    }

    /**
     * Reads the C string that starts at {@code segment}: the bytes up to the first NUL, at most {@code maxLength}
     * of them, decoded as UTF-8 (bad sequences become U+FFFD). A segment shorter than {@code maxLength} is read to
     * its end; a zero-length segment (a pointer returned by C) is read up to {@code maxLength} bytes from its
     * address, which needs native access. The {@code NULL} address reads as the empty string.
     *
     * @throws IllegalArgumentException when {@code maxLength} is negative
     */
    public static String read(MemorySegment segment, long maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must not be negative, got " + maxLength);
        }
        if (segment.equals(MemorySegment.NULL) || segment.address() == 0) {
            return "";
        }
        MemorySegment view = segment.byteSize() == 0 ? segment.reinterpret(maxLength) : segment;
        long limit = Math.min(view.byteSize(), maxLength);
        long end = 0;
        while (end < limit && view.get(ValueLayout.JAVA_BYTE, end) != 0) {
            end++;
        }
        if (end > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("C string too long to read: " + end + " bytes");
        }
        byte[] bytes = view.asSlice(0, end).toArray(ValueLayout.JAVA_BYTE);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The UTF-8 bytes of {@code text}, refusing a NUL inside it. */
    static byte[] utf8(String text) {
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw XcException.of(ErrorCode.INVALID_ARGUMENT,
                    "string for a native call contains a NUL character at index " + nul + ": '"
                            + text.replace('\0', '?') + "'",
                    "remove the NUL character; C strings end at the first NUL");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
