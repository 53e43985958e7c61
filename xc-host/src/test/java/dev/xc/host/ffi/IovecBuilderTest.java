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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layout, read back in Java; what a C callee sees is checked by {@link FakeJailLibraryTest}. */
class IovecBuilderTest {

    record Entry(long base, long len) {
    }

    static Entry entry(Iovec iov, int i) {
        MemorySegment s = iov.segment();
        return new Entry(s.get(ValueLayout.ADDRESS, i * 16L).address(), s.get(ValueLayout.JAVA_LONG, i * 16L + 8));
    }

    static String cString(long address, long len) {
        return CStrings.read(MemorySegment.ofAddress(address).reinterpret(len), len);
    }

    @Test
    void layoutIsLp64() {
        assertEquals(16, Iovec.IOVEC.byteSize());
        assertEquals(8, Iovec.IOVEC.byteAlignment());
        assertEquals(8, Iovec.IOVEC.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("iov_len")));
    }

    @Test
    void eachKindIsEncodedAsTheKernelExpects() {
        try (Arena arena = Arena.ofConfined()) {
            Iovec iov = new IovecBuilder()
                    .string("name", "web")
                    .integer("devfs_ruleset", 4)
                    .int64("host.hostid", 0x1122334455667788L)
                    .bytes("ip4.addr", new byte[] {10, 0, 0, 2, 10, 0, 0, 3})
                    .flag("persist")
                    .bool("allow.mount", false)
                    .errmsg()
                    .build(arena);
            assertEquals(14, iov.count());
            assertEquals(14 * 16, iov.segment().byteSize());
            assertEquals(List.of("name", "devfs_ruleset", "host.hostid", "ip4.addr", "persist", "allow.nomount",
                    "errmsg"), iov.names());
            for (int p = 0; p < 7; p++) {
                Entry name = entry(iov, 2 * p);
                assertEquals(iov.names().get(p), cString(name.base(), name.len()));
                assertEquals(iov.names().get(p).length() + 1, name.len(), "iov_len counts the NUL");
            }
            assertEquals(4, entry(iov, 1).len());
            assertEquals("web", cString(entry(iov, 1).base(), 4));
            assertEquals(4, entry(iov, 3).len());
            assertEquals(4, MemorySegment.ofAddress(entry(iov, 3).base()).reinterpret(4).get(ValueLayout.JAVA_INT, 0));
            assertEquals(8, entry(iov, 5).len());
            assertEquals(0x1122334455667788L, iov.value("host.hostid").get(ValueLayout.JAVA_LONG, 0));
            assertEquals(8, entry(iov, 7).len());
            assertArrayEquals(new byte[] {10, 0, 0, 2, 10, 0, 0, 3}, iov.value("ip4.addr").toArray(ValueLayout.JAVA_BYTE));
            assertEquals(new Entry(0, 0), entry(iov, 9), "a flag is {NULL, 0}");
            assertEquals(new Entry(0, 0), entry(iov, 11));
            assertEquals(1024, entry(iov, 13).len());
            assertTrue(iov.value("errmsg").elements(ValueLayout.JAVA_BYTE).allMatch(b -> b.get(ValueLayout.JAVA_BYTE, 0) == 0));
            assertEquals(java.util.Optional.empty(), iov.errmsg(), "nothing written yet");
            assertEquals("web", iov.stringValue("name"));
            assertEquals(4, iov.intValue("devfs_ruleset"));
        }
    }

    @Test
    void emptyByteArrayIsPresentWithLengthZeroAndARealPointer() {
        try (Arena arena = Arena.ofConfined()) {
            Iovec iov = new IovecBuilder().bytes("ip4.addr", new byte[0]).build(arena);
            assertEquals(0, entry(iov, 1).len());
            assertNotEquals(0, entry(iov, 1).base());
        }
    }

    @Test
    void emptyListHasNoEntries() {
        try (Arena arena = Arena.ofConfined()) {
            Iovec iov = new IovecBuilder().build(arena);
            assertEquals(0, iov.count());
            assertEquals(List.of(), iov.names());
        }
    }

    @Test
    void errmsgWrittenByTheCalleeIsReadBack() {
        try (Arena arena = Arena.ofConfined()) {
            Iovec iov = new IovecBuilder().string("name", "x").errmsg().build(arena);
            MemorySegment buf = MemorySegment.ofAddress(entry(iov, 3).base()).reinterpret(1024);
            byte[] msg = "unknown parameter: foo\0".getBytes(StandardCharsets.US_ASCII);
            buf.copyFrom(MemorySegment.ofArray(msg));
            assertEquals(java.util.Optional.of("unknown parameter: foo"), iov.errmsg());
        }
    }

    @ParameterizedTest
    @CsvSource({"persist, nopersist", "allow.mount, allow.nomount", "allow.mount.zfs, allow.mount.nozfs",
            "ip4.saddrsel, ip4.nosaddrsel", "allow.set_hostname, allow.noset_hostname"})
    void booleansUseTheNoForm(String name, String negated) {
        assertEquals(negated, IovecBuilder.negated(name));
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(List.of(name), new IovecBuilder().bool(name, true).build(arena).names());
            assertEquals(List.of(negated), new IovecBuilder().bool(name, false).build(arena).names());
        }
    }

    @Property(tries = 1000)
    void negatedInsertsNoAfterTheLastDot(@ForAll("dotted") List<String> parts) {
        String name = String.join(".", parts);
        String expected = String.join(".", parts.subList(0, parts.size() - 1))
                + (parts.size() > 1 ? "." : "") + "no" + parts.getLast();
        assertEquals(expected, IovecBuilder.negated(name));
    }

    @Provide
    Arbitrary<List<String>> dotted() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz_").ofMinLength(1).ofMaxLength(8)
                .list().ofMinSize(1).ofMaxSize(4);
    }

    /** Any list of parameters is laid out as pairs the C side can walk: names in order, values per kind. */
    @Property(tries = 1000)
    void anyParameterListRoundTripsThroughTheLayout(@ForAll("params") Map<String, Object> params) {
        IovecBuilder b = new IovecBuilder();
        params.forEach((name, value) -> {
            switch (value) {
                case String s -> b.string(name, s);
                case Integer i -> b.integer(name, i);
                case byte[] bytes -> b.bytes(name, bytes);
                case Boolean f -> b.flag(name);
                default -> throw new IllegalStateException();
            }
        });
        assertEquals(params.size(), b.size());
        try (Arena arena = Arena.ofConfined()) {
            Iovec iov = b.build(arena);
            assertEquals(2 * params.size(), iov.count());
            assertEquals(List.copyOf(params.keySet()), iov.names());
            int i = 0;
            for (Map.Entry<String, Object> p : params.entrySet()) {
                Entry name = entry(iov, i++);
                Entry value = entry(iov, i++);
                assertEquals(p.getKey(), cString(name.base(), name.len()));
                switch (p.getValue()) {
                    case String s -> {
                        assertEquals(s.getBytes(StandardCharsets.UTF_8).length + 1, value.len());
                        assertEquals(s, iov.stringValue(p.getKey()));
                    }
                    case Integer n -> {
                        assertEquals(4, value.len());
                        assertEquals(n, iov.intValue(p.getKey()));
                    }
                    case byte[] bytes -> {
                        assertEquals(bytes.length, value.len());
                        assertArrayEquals(bytes, iov.value(p.getKey()).toArray(ValueLayout.JAVA_BYTE));
                    }
                    default -> assertEquals(new Entry(0, 0), value);
                }
            }
        }
    }

    @Provide
    Arbitrary<Map<String, Object>> params() {
        Arbitrary<String> names = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz._").ofMinLength(1)
                .ofMaxLength(20);
        Arbitrary<Object> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).filter(s -> s.indexOf('\0') < 0
                        && s.chars().noneMatch(c -> Character.isSurrogate((char) c))).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(32).map(a -> (Object) a),
                Arbitraries.just((Object) Boolean.TRUE));
        return Combinators.combine(names, values).as((n, v) -> Map.entry(n, v)).list().ofMaxSize(12)
                .map(list -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    list.forEach(e -> m.putIfAbsent(e.getKey(), e.getValue()));
                    return m;
                });
    }

    @Test
    void namesAreCheckedAsTheyAreAdded() {
        IovecBuilder b = new IovecBuilder().string("name", "web");
        XcException twice = assertThrows(XcException.class, () -> b.flag("name"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, twice.code());
        assertEquals("iovec parameter 'name' is given twice; the kernel would keep only the last", twice.getMessage());

        XcException empty = assertThrows(XcException.class, () -> b.integer("", 1));
        assertEquals(ErrorCode.INVALID_ARGUMENT, empty.code());
        assertEquals("an iovec parameter needs a name", empty.getMessage());

        XcException nul = assertThrows(XcException.class, () -> b.flag("per\0sist"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, nul.code());
        assertTrue(nul.getMessage().contains("NUL character at index 3"), nul.getMessage());

        XcException nulValue = assertThrows(XcException.class, () -> b.string("path", "/jails\0/x"));
        assertTrue(nulValue.getMessage().contains("NUL character at index 6"), nulValue.getMessage());
        assertEquals(1, b.size(), "rejected parameters are not added");

        assertThrows(IllegalArgumentException.class, () -> b.buffer("out", -1));
    }

    @Test
    void readingAParameterThatWasNotAddedNamesIt() {
        try (Arena arena = Arena.ofConfined()) {
            Iovec iov = new IovecBuilder().string("name", "web").build(arena);
            XcException e = assertThrows(XcException.class, () -> iov.intValue("jid"));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertEquals("iovec has no parameter 'jid'", e.getMessage());
        }
    }

    @Test
    void bytesAreCopied() {
        byte[] addr = {10, 0, 0, 2};
        IovecBuilder b = new IovecBuilder().bytes("ip4.addr", addr);
        addr[3] = 9;
        try (Arena arena = Arena.ofConfined()) {
            assertArrayEquals(new byte[] {10, 0, 0, 2}, b.build(arena).value("ip4.addr").toArray(ValueLayout.JAVA_BYTE));
        }
    }
}
