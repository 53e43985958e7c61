package dev.xc.image.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tar reader against archives written by commons-compress: pax and GNU long names, big numbers, damage. */
class TarReaderTest {

    record Spec(String name, int mode, long uid, long gid, long mtime, byte[] content) {
    }

    @Provide
    Arbitrary<List<Spec>> archives() {
        Arbitrary<String> component = Arbitraries.strings().withChars("abcXYZ019._-é€").ofMinLength(1).ofMaxLength(40)
                .filter(s -> !s.equals(".") && !s.equals(".."));
        Arbitrary<String> name = component.list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("/", l));
        Arbitrary<Spec> spec = Combinators.combine(name, Arbitraries.integers().between(0, 07777),
                Arbitraries.longs().between(0, 1L << 40), Arbitraries.longs().between(0, 1L << 40),
                Arbitraries.longs().between(0, 1L << 34), Arbitraries.bytes().array(byte[].class).ofMaxSize(3000))
                .as(Spec::new);
        return spec.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 300)
    void readsWhatCommonsCompressWrites(@ForAll("archives") List<Spec> specs, @ForAll boolean gnu) throws IOException {
        byte[] tar = write(specs, gnu);
        TarReader r = new TarReader(new ByteArrayInputStream(tar), 2048);
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            TarReader.Entry e = r.next();
            assertEquals(s.name(), e.name());
            assertTrue(e.isFile());
            assertEquals(s.mode(), e.mode() & 07777);
            assertEquals(s.uid(), e.uid());
            assertEquals(s.gid(), e.gid());
            assertEquals(s.mtime(), e.mtime().toInstant().getEpochSecond());
            assertEquals(s.content().length, e.size());
            if (i % 2 == 1) {
                continue; // next() skips the content
            }
            byte[] got = new byte[s.content().length];
            int n = 0;
            for (int k; n < got.length && (k = r.read(got, n, got.length - n)) > 0; ) {
                n += k;
            }
            assertArrayEquals(s.content(), got);
            assertEquals(-1, r.read(new byte[1], 0, 1));
        }
        assertNull(r.next());
    }

    private static byte[] write(List<Spec> specs, boolean gnu) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out, "UTF-8")) {
            t.setLongFileMode(gnu ? TarArchiveOutputStream.LONGFILE_GNU : TarArchiveOutputStream.LONGFILE_POSIX);
            t.setBigNumberMode(gnu ? TarArchiveOutputStream.BIGNUMBER_STAR : TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Spec s : specs) {
                TarArchiveEntry e = new TarArchiveEntry(s.name(), TarConstants.LF_NORMAL, true);
                e.setMode(s.mode());
                e.setUserId(s.uid());
                e.setGroupId(s.gid());
                e.setModTime(FileTime.from(Instant.ofEpochSecond(s.mtime())));
                e.setSize(s.content().length);
                t.putArchiveEntry(e);
                t.write(s.content());
                t.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void paxTimesKeepTheirFraction() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out, "UTF-8")) {
            // written by hand: commons-compress keeps only whole seconds of a pax time it is given
            byte[] pax = (record("mtime=1700000000.123456789") + record("atime=1600000000.5")
                    + record("SCHILY.xattr.user.k=v")).getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry h = new TarArchiveEntry("PaxHeaders/f", TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
            h.setSize(pax.length);
            t.putArchiveEntry(h);
            t.write(pax);
            t.closeArchiveEntry();
            TarArchiveEntry e = new TarArchiveEntry("f", TarConstants.LF_NORMAL, true);
            t.putArchiveEntry(e);
            t.closeArchiveEntry();
        }
        TarReader.Entry e = new TarReader(new ByteArrayInputStream(out.toByteArray()), 4096).next();
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_456_789), e.mtime().toInstant());
        assertEquals(Instant.ofEpochSecond(1_600_000_000L, 500_000_000), e.atime().toInstant());
        assertEquals("v", e.xattrs().get("SCHILY.xattr.user.k"));
    }

    /** One pax record, {@code "LEN key=value\n"}, LEN counting itself. */
    private static String record(String kv) {
        int len = kv.length() + 2;
        while (String.valueOf(len).length() + kv.length() + 2 != len) {
            len++;
        }
        return len + " " + kv + "\n";
    }

    @Test
    void aDamagedHeaderIsMalformed() throws IOException {
        byte[] tar = write(List.of(new Spec("a", 0644, 0, 0, 0, new byte[10])), false);
        tar[3] ^= 1; // inside the name: the checksum no longer matches
        XcException x = assertThrows(XcException.class,
                () -> new TarReader(new ByteArrayInputStream(tar), 4096).next());
        assertEquals(ErrorCode.MALFORMED_CONTENT, x.code());
        assertTrue(x.getMessage().contains("wrong checksum"), x.getMessage());
    }

    @Test
    void aTruncatedEntryIsMalformed() throws IOException {
        byte[] tar = write(List.of(new Spec("a", 0644, 0, 0, 0, new byte[5000])), false);
        byte[] cut = Arrays.copyOf(tar, 512 + 1000);
        TarReader r = new TarReader(new ByteArrayInputStream(cut), 4096);
        r.next();
        XcException x = assertThrows(XcException.class, () -> {
            byte[] b = new byte[8192];
            while (r.read(b, 0, b.length) >= 0) {
                // until the cut
            }
        });
        assertEquals(ErrorCode.MALFORMED_CONTENT, x.code());
        assertTrue(x.getMessage().contains("ends in the middle of a tar entry"), x.getMessage());
    }

    @Test
    void anOversizedPaxHeaderIsRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out, "UTF-8")) {
            TarArchiveEntry e = new TarArchiveEntry("f", TarConstants.LF_NORMAL, true);
            e.addPaxHeader("comment", "x".repeat((1 << 20) + 10));
            t.putArchiveEntry(e);
            t.closeArchiveEntry();
        }
        XcException x = assertThrows(XcException.class,
                () -> new TarReader(new ByteArrayInputStream(out.toByteArray()), 4096).next());
        assertEquals(ErrorCode.UNSAFE_LAYER, x.code());
        assertTrue(x.getMessage().contains("tar extension header"), x.getMessage());
        assertTrue(new String(out.toByteArray(), 0, 100, StandardCharsets.UTF_8).contains("PaxHeaders"));
    }
}
