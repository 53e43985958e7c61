package dev.xc.zfs.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.FileChange;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiffParserTest {

    /** zfs diff's escaping, written from libzfs_diff.c's rule. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            sb.append(c <= ' ' || c == '\\' || c >= 0x7f ? String.format("\\%04o", c) : String.valueOf((char) c));
        }
        return sb.toString();
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(30)
                .withChars("abc xyz\\\t\n\u00e9\u00ff\u4e2d./-").map(s -> "/" + s);
    }

    @Property(tries = 1000)
    void escapedPathsRoundTrip(@ForAll("paths") String path) {
        String line = "M\tF\t" + escape("/mnt/c1" + path);
        FileChange c = DiffParser.parseLine(line, "/mnt/c1");
        assertEquals(FileChange.of(FileChange.Kind.MODIFIED, FileChange.FileType.FILE, path), c);
    }

    @Test
    void documentedLineShapes() {
        assertEquals(FileChange.of(FileChange.Kind.ADDED, FileChange.FileType.DIRECTORY, "/usr/local/etc"),
                DiffParser.parseLine("+\t/\t/jails/c1/usr/local/etc", "/jails/c1"));
        assertEquals(FileChange.of(FileChange.Kind.REMOVED, FileChange.FileType.SYMLINK, "/a b"),
                DiffParser.parseLine("-\t@\t/jails/c1/a\\0040b", "/jails/c1"));
        assertEquals(new FileChange(FileChange.Kind.RENAMED, FileChange.FileType.FILE, "/old", Optional.of("/new")),
                DiffParser.parseLine("R\tF\t/jails/c1/old\t/jails/c1/new", "/jails/c1/"));
        assertEquals(FileChange.of(FileChange.Kind.MODIFIED, FileChange.FileType.FILE, "/hard"),
                DiffParser.parseLine("M\tF\t/jails/c1/hard\t(+1)", "/jails/c1"));
        assertEquals("R\tF\t/old\t/new", DiffParser.parseLine("R\tF\t/m/old\t/m/new", "/m").toString());
    }

    @Test
    void malformedLinesAreRejectedNamingTheLine() {
        for (String bad : List.of("M /m/x", "X\tF\t/m/x", "M\tZ\t/m/x", "M\tF\t/elsewhere/x", "M\tF\t/m/a\\09",
                "R\tF\t/m/a", "M\tF\t/m/a\t/m/b")) {
            XcException e = assertThrows(XcException.class, () -> DiffParser.parseLine(bad, "/m"));
            assertEquals(ErrorCode.MALFORMED_CONTENT, e.code());
            assertTrue(e.getMessage().startsWith("cannot read zfs diff line '" + bad + "': "), e.getMessage());
        }
    }

    @Test
    void hintTable() {
        Set<String> all = Set.of("compression", "atime", "recordsize", "quota", "checksum");
        assertEquals(Map.of("compression", "zstd-19", "atime", "off", "recordsize", "1M", "quota", "none",
                        "com.example:x", "y"),
                PropertyRules.validate("v", Map.of("zfs.compression", "zstd-19", "zfs.atime", "off",
                        "zfs.recordsize", "1M", "zfs.quota", "none", "zfs.com.example:x", "y", "size", "5"), all));
        for (Map.Entry<String, String> bad : List.of(Map.entry("zfs.compression", "zstd-20"),
                Map.entry("zfs.atime", "yes"), Map.entry("zfs.recordsize", "32M"), Map.entry("zfs.recordsize", "1000"),
                Map.entry("zfs.quota", "lots"), Map.entry("zfs.xc:owner", "me"), Map.entry("zfs.", "x"),
                Map.entry("zfs.used", "1"), Map.entry("zfs.dedup", "maybe"))) {
            XcException e = assertThrows(XcException.class,
                    () -> PropertyRules.validate("v", Map.of(bad.getKey(), bad.getValue()), all));
            assertEquals(ErrorCode.INVALID_IMAGE_CONFIG, e.code());
            assertTrue(e.getMessage().startsWith("volume hint '" + bad.getKey() + "=" + bad.getValue()
                    + "' of volume 'v'"), e.getMessage());
        }
    }
}
