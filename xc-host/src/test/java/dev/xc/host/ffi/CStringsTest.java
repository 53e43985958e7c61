package dev.xc.host.ffi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CStringsTest {

    @Provide
    Arbitrary<String> texts() {
        // any Unicode text without NUL: code points 1..0x10FFFF except the surrogate range
        return Arbitraries.integers().between(1, 0x10FFFF).filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                .list().ofMaxSize(40)
                .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                        StringBuilder::append).toString());
    }

    @Property(tries = 1000)
    void allocateThenReadRoundTrips(@ForAll("texts") String text) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = CStrings.allocate(arena, text);
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            assertEquals(utf8.length + 1, s.byteSize());
            assertEquals(CStrings.byteLength(text), s.byteSize());
            assertEquals(0, s.get(ValueLayout.JAVA_BYTE, utf8.length));
            assertEquals(text, CStrings.read(s, Long.MAX_VALUE));
            assertEquals(text, CStrings.read(s, s.byteSize()));
        }
    }

    @Property(tries = 1000)
    void textWithANulIsRejectedNamingWhere(@ForAll("withNul") String text) {
        try (Arena arena = Arena.ofConfined()) {
            XcException e = assertThrows(XcException.class, () -> CStrings.allocate(arena, text));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertEquals("string for a native call contains a NUL character at index " + text.indexOf('\0') + ": '"
                    + text.replace('\0', '?') + "'", e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> withNul() {
        return Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(10),
                Arbitraries.strings().alpha().ofMaxLength(10)).as((a, b) -> a + '\0' + b);
    }

    @Test
    void readStopsAtTheFirstNulOrTheLimit() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(16);
            buf.copyFrom(MemorySegment.ofArray("abc\0def".getBytes(StandardCharsets.US_ASCII)));
            assertEquals("abc", CStrings.read(buf, 16));
            assertEquals("ab", CStrings.read(buf, 2));
            assertEquals("", CStrings.read(buf, 0));
            MemorySegment full = arena.allocate(4).fill((byte) 'x');
            assertEquals("xxxx", CStrings.read(full, 100), "an unterminated buffer is read to its end");
            assertEquals("", CStrings.read(MemorySegment.NULL, 100));
        }
    }

    @Test
    void readOfARawPointerUsesTheLimit() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = CStrings.allocate(arena, "jail_set: Operation not permitted");
            MemorySegment raw = MemorySegment.ofAddress(s.address()); // zero length, as C returns pointers
            assertEquals("jail_set: Operation not permitted", CStrings.read(raw, 1024));
            assertEquals("jail_set", CStrings.read(raw, 8));
        }
    }

    @Test
    void negativeLimitIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> CStrings.read(MemorySegment.NULL, -1));
    }
}
