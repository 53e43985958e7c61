package dev.xc.zfs.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.FileChange;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code zfs diff -H -F} output (libzfs_diff.c): {@code TYPE\tFILETYPE\tPATH[\tNEWPATH]}, an optional
 * {@code \t(+N)}/{@code \t(-N)} link-count suffix, paths absolute under the mountpoint with every byte
 * {@code <= ' '}, {@code \} or {@code >= 0x7f} written as {@code \} and four octal digits. Paths are made relative to
 * the mountpoint ({@code /mnt/c1/etc/rc.conf} becomes {@code /etc/rc.conf}). Stateless; thread-safe.
 */
final class DiffParser {

    private DiffParser() {
    }

    static List<FileChange> parse(List<String> lines, String mountpoint) {
        List<FileChange> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            out.add(parseLine(line, mountpoint));
        }
        return List.copyOf(out);
    }

    static FileChange parseLine(String line, String mountpoint) {
        String[] f = line.split("\t", -1);
        if (f.length < 3 || f[0].length() != 1 || f[1].length() != 1) {
            throw bad(line, "expected TYPE, FILETYPE and PATH separated by tabs");
        }
        FileChange.Kind kind = FileChange.Kind.ofMark(f[0].charAt(0))
                .orElseThrow(() -> bad(line, "unknown change type '" + f[0] + "'"));
        FileChange.FileType type = FileChange.FileType.ofMark(f[1].charAt(0))
                .orElseThrow(() -> bad(line, "unknown file type '" + f[1] + "'"));
        int n = f.length;
        if (n > 3 && f[n - 1].matches("\\([+-]\\d+\\)")) {
            n--; // link-count change
        }
        String path = relative(unescape(f[2], line), mountpoint, line);
        Optional<String> renamed = Optional.empty();
        if (kind == FileChange.Kind.RENAMED) {
            if (n != 4) {
                throw bad(line, "a rename needs the new path after a tab");
            }
            renamed = Optional.of(relative(unescape(f[3], line), mountpoint, line));
        } else if (n != 3) {
            throw bad(line, "unexpected fields after the path");
        }
        return new FileChange(kind, type, path, renamed);
    }

    static String unescape(String s, String line) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 4 >= s.length()) {
                    throw bad(line, "truncated escape");
                }
                String oct = s.substring(i + 1, Math.min(i + 5, s.length()));
                if (!oct.matches("[0-7]{4}")) {
                    throw bad(line, "bad escape '\\" + oct + "'");
                }
                b.write(Integer.parseInt(oct, 8));
                i += 4;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                b.write(bytes, 0, bytes.length);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String relative(String abs, String mountpoint, String line) {
        String mp = mountpoint.endsWith("/") ? mountpoint.substring(0, mountpoint.length() - 1) : mountpoint;
        if (abs.equals(mp)) {
            return "/";
        }
        if (!abs.startsWith(mp + "/")) {
            throw bad(line, "path is not under the mountpoint " + mountpoint);
        }
        return abs.substring(mp.length());
    }

    private static XcException bad(String line, String why) {
        return XcException.of(ErrorCode.MALFORMED_CONTENT, "cannot read zfs diff line '" + line + "': " + why,
                "check that the zfs command on this host is OpenZFS 2.x");
    }
}
