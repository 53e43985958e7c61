package dev.xc.image.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.image.UnpackOptions;
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
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tar applier on archives written by Commons Compress (pax and GNU long names, big numbers, fractional pax
 * times) and on damaged ones: a wrong checksum, a stream cut inside an entry or a header, oversized extension
 * headers, and a failing stream beneath.
 */
class TarApplierTest {

    private static final UnpackOptions OPTS = UnpackOptions.defaults();

    record Spec(String name, int mode, long mtime, byte[] content) {
    }

    @Provide
    Arbitrary<List<Spec>> archives() {
        Arbitrary<String> component = Arbitraries.strings().withChars("abcXYZ019._-é€").ofMinLength(1).ofMaxLength(40)
                .filter(s -> !s.equals(".") && !s.equals("..") && !s.startsWith(".wh."));
        Arbitrary<String> name = component.list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("/", l));
        Arbitrary<Spec> spec = Combinators.combine(name, Arbitraries.integers().between(0, 0777),
                Arbitraries.longs().between(0, (1L << 33) - 1), Arbitraries.bytes().array(byte[].class).ofMaxSize(3000))
                .as(Spec::new);
        // distinct names that are not a prefix directory of one another
        return spec.list().ofMinSize(1).ofMaxSize(8).uniqueElements(Spec::name)
                .filter(l -> l.stream().noneMatch(a -> l.stream().anyMatch(b -> b.name().startsWith(a.name() + "/"))));
    }

    @Property(tries = 200)
    void appliesWhatCommonsCompressWrites(@ForAll("archives") List<Spec> specs, @ForAll boolean gnu)
            throws IOException {
        Path root = Files.createTempDirectory("tar-applier");
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (TarArchiveOutputStream t = new TarArchiveOutputStream(out, "UTF-8")) {
                t.setLongFileMode(gnu ? TarArchiveOutputStream.LONGFILE_GNU : TarArchiveOutputStream.LONGFILE_POSIX);
                t.setBigNumberMode(gnu ? TarArchiveOutputStream.BIGNUMBER_STAR : TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (Spec s : specs) {
                    TarArchiveEntry e = new TarArchiveEntry(s.name(), TarConstants.LF_NORMAL, true);
                    e.setMode(s.mode());
                    e.setModTime(FileTime.from(Instant.ofEpochSecond(s.mtime())));
                    e.setSize(s.content().length);
                    t.putArchiveEntry(e);
                    t.write(s.content());
                    t.closeArchiveEntry();
                }
            }
            TarApplier a = new TarApplier(new RootFs(root), OPTS);
            a.apply(new ByteArrayInputStream(out.toByteArray()));
            assertEquals(specs.size(), a.entries());
            for (Spec s : specs) {
                Path p = root.resolve(s.name());
                assertArrayEquals(s.content(), Files.readAllBytes(p), s.name());
                assertEquals(s.mtime(), Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant()
                        .getEpochSecond());
                assertEquals(mode(s.mode()), Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
            }
        } finally {
            delete(root);
        }
    }

    private static Set<PosixFilePermission> mode(int mode) {
        StringBuilder sb = new StringBuilder();
        String rwx = "rwx";
        for (int bit = 8; bit >= 0; bit--) {
            sb.append((mode & (1 << bit)) != 0 ? rwx.charAt(2 - bit % 3) : '-');
        }
        return PosixFilePermissions.fromString(sb.toString());
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @TempDir
    Path tmp;

    private XcException refused(byte[] tar) {
        return assertThrows(XcException.class, () -> new TarApplier(new RootFs(tmp), OPTS)
                .apply(new ByteArrayInputStream(tar)));
    }

    private static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out, "UTF-8")) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey(), TarConstants.LF_NORMAL, true);
                e.setMode(0644);
                e.setSize(f.getValue().length);
                t.putArchiveEntry(e);
                t.write(f.getValue());
                t.closeArchiveEntry();
            }
        }
        return out.toByteArray();
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
    void paxTimesKeepTheirFraction() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out, "UTF-8")) {
            // written by hand: commons-compress keeps only whole seconds of a pax time it is given
            byte[] pax = (record("mtime=1700000000.123456789") + record("atime=1600000000.5"))
                    .getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry h = new TarArchiveEntry("PaxHeaders/f", TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
            h.setSize(pax.length);
            t.putArchiveEntry(h);
            t.write(pax);
            t.closeArchiveEntry();
            TarArchiveEntry e = new TarArchiveEntry("f", TarConstants.LF_NORMAL, true);
            t.putArchiveEntry(e);
            t.closeArchiveEntry();
        }
        new TarApplier(new RootFs(tmp), OPTS).apply(new ByteArrayInputStream(out.toByteArray()));
        Path f = tmp.resolve("f");
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
                Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toInstant());
        assertEquals(Instant.ofEpochSecond(1_600_000_000L, 500_000_000),
                ((FileTime) Files.getAttribute(f, "lastAccessTime", LinkOption.NOFOLLOW_LINKS)).toInstant());
    }

    @Test
    void aDamagedHeaderIsMalformed() throws IOException {
        byte[] tar = tar(Map.of("a", new byte[10]));
        tar[3] ^= 1; // inside the name: the checksum no longer matches
        XcException x = refused(tar);
        assertEquals(ErrorCode.MALFORMED_CONTENT, x.code());
        assertTrue(x.getMessage().contains("wrong checksum"), x.getMessage());
    }

    @Test
    void aDamagedSecondHeaderNamesTheEntryBefore() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("first", new byte[600]);
        files.put("second", new byte[10]);
        byte[] tar = tar(files);
        tar[512 + 1024 + 2] ^= 1; // the second header starts after one header and two content records
        XcException x = refused(tar);
        assertEquals(ErrorCode.MALFORMED_CONTENT, x.code());
        assertTrue(x.getMessage().contains("wrong checksum"), x.getMessage());
        assertArrayEquals(new byte[600], Files.readAllBytes(tmp.resolve("first")));
    }

    @Test
    void aTruncatedEntryIsMalformed() throws IOException {
        byte[] tar = tar(Map.of("a", new byte[5000]));
        XcException x = refused(Arrays.copyOf(tar, 512 + 1000));
        assertEquals(ErrorCode.MALFORMED_CONTENT, x.code());
        assertTrue(x.getMessage().contains("the layer ends in the middle of entry 'a' (5000 bytes declared)"),
                x.getMessage());
    }

    @Test
    void aStreamCutInsideAHeaderIsMalformed() throws IOException {
        byte[] tar = tar(Map.of("a", new byte[10]));
        XcException x = refused(Arrays.copyOf(tar, 1024 + 100));
        assertEquals(ErrorCode.MALFORMED_CONTENT, x.code());
        assertTrue(x.getMessage().contains("ends in the middle of a tar header"), x.getMessage());
    }

    @Test
    void aStreamCutAfterAPaxHeaderIsMalformed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out, "UTF-8")) {
            TarArchiveEntry e = new TarArchiveEntry("f", TarConstants.LF_NORMAL, true);
            e.addPaxHeader("comment", "c");
            t.putArchiveEntry(e);
            t.closeArchiveEntry();
        }
        XcException x = refused(Arrays.copyOf(out.toByteArray(), 1024)); // the pax header and its record only
        assertEquals(ErrorCode.MALFORMED_CONTENT, x.code());
        assertTrue(x.getMessage().startsWith("malformed tar stream in layer: "), x.getMessage());
    }

    @Test
    void theEndOfArchiveMarkerMayBeMissing() throws IOException {
        byte[] tar = tar(Map.of("a", "hello".getBytes(StandardCharsets.UTF_8)));
        new TarApplier(new RootFs(tmp), OPTS).apply(new ByteArrayInputStream(Arrays.copyOf(tar, 1024)));
        assertEquals("hello", Files.readString(tmp.resolve("a")));
    }

    @Test
    void garbageAfterTheEndOfArchiveIsIgnored() throws IOException {
        byte[] tar = tar(Map.of("a", "hello".getBytes(StandardCharsets.UTF_8)));
        byte[] more = Arrays.copyOf(Arrays.copyOf(tar, 1024 + 512), 1024 + 512 + 512);
        Arrays.fill(more, 1024 + 512, more.length, (byte) 'x');
        new TarApplier(new RootFs(tmp), OPTS).apply(new ByteArrayInputStream(more));
        assertEquals("hello", Files.readString(tmp.resolve("a")));
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
        assertTrue(new String(out.toByteArray(), 0, 100, StandardCharsets.UTF_8).contains("PaxHeaders"));
        XcException x = refused(out.toByteArray());
        assertEquals(ErrorCode.UNSAFE_LAYER, x.code());
        assertTrue(x.getMessage().contains("layer has a tar extension header of "), x.getMessage());
        assertTrue(x.getMessage().contains("more than the limit of 1048576"), x.getMessage());
    }

    @Test
    void anOversizedGnuLongNameIsRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out, "UTF-8")) {
            // written by hand: commons-compress takes quadratic time to write a name this long itself
            byte[] name = ("d/".repeat(600_000) + "f\0").getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry l = new TarArchiveEntry(TarConstants.GNU_LONGLINK, TarConstants.LF_GNUTYPE_LONGNAME,
                    true);
            l.setSize(name.length);
            t.putArchiveEntry(l);
            t.write(name);
            t.closeArchiveEntry();
            t.putArchiveEntry(new TarArchiveEntry("f", TarConstants.LF_NORMAL, true));
            t.closeArchiveEntry();
        }
        XcException x = refused(out.toByteArray());
        assertEquals(ErrorCode.UNSAFE_LAYER, x.code());
        assertTrue(x.getMessage().contains("layer has a tar extension header of 1200002 bytes"), x.getMessage());
    }

    @Test
    void aFailureOfTheStreamBeneathIsNotTarDamage() throws IOException {
        byte[] tar = tar(Map.of("a", new byte[5000]));
        IOException boom = new IOException("connection reset");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw boom;
            }
        };
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(Arrays.copyOf(tar, 512 + 1000)), failing);
        XcException x = assertThrows(XcException.class, () -> new TarApplier(new RootFs(tmp), OPTS).apply(in));
        assertEquals(ErrorCode.IO_ERROR, x.code(), x.getMessage());
        assertEquals("cannot unpack layer entry 'a': connection reset", x.getMessage());
        assertSame(boom, x.getCause());
    }
}
