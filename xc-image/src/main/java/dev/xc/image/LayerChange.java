package dev.xc.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One change between two states of a root, as {@code zfs diff -H} reports it. Paths are relative to the root,
 * {@code /}-separated, without a leading {@code /}.
 */
public sealed interface LayerChange {

    /** A path that did not exist before ({@code +}). */
    record Added(String path) implements LayerChange {
        public Added {
            path = clean(path);
        }
    }

    /** A path whose content or metadata changed ({@code M}); for a directory, only the directory itself. */
    record Modified(String path) implements LayerChange {
        public Modified {
            path = clean(path);
        }
    }

    /** A path that no longer exists ({@code -}). */
    record Removed(String path) implements LayerChange {
        public Removed {
            path = clean(path);
        }
    }

    /** A path renamed ({@code R}): {@code from} is gone, {@code to} (and, for a directory, its content) is new. */
    record Renamed(String from, String to) implements LayerChange {
        public Renamed {
            from = clean(from);
            to = clean(to);
        }
    }

    /**
     * Parses {@code zfs diff -H} output: lines {@code FLAG<TAB>PATH[<TAB>NEWPATH]} with flags {@code + - M R}, paths
     * absolute under {@code mountpoint}, and the octal escapes zfs writes for unusual bytes ({@code \0040} for a
     * space) decoded. Lines for the root itself are skipped.
     *
     * <p>{@snippet :
     * LayerChange.parseZfsDiff("M\t/jails/c1/etc\n+\t/jails/c1/etc/new\\0040file\n", "/jails/c1");
     * // [Modified[path=etc], Added[path=etc/new file]]
     * }
     *
     * @throws XcException {@link ErrorCode#INVALID_SYNTAX} for an unknown flag, a path outside the mount point or
     *                     a malformed line, naming the line
     */
    static List<LayerChange> parseZfsDiff(String output, String mountpoint) {
        String mp = mountpoint.endsWith("/") ? mountpoint.substring(0, mountpoint.length() - 1) : mountpoint;
        List<LayerChange> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 2 || f[0].length() != 1) {
                throw bad(line, "expected FLAG<TAB>PATH");
            }
            String path = relative(unescape(f[1], line), mp, line);
            switch (f[0].charAt(0)) {
                case '+' -> {
                    if (!path.isEmpty()) {
                        out.add(new Added(path));
                    }
                }
                case '-' -> {
                    if (!path.isEmpty()) {
                        out.add(new Removed(path));
                    }
                }
                case 'M' -> {
                    if (!path.isEmpty()) {
                        out.add(new Modified(path));
                    }
                }
                case 'R' -> {
                    if (f.length != 3) {
                        throw bad(line, "a rename needs the new path as a third field");
                    }
                    out.add(new Renamed(path, relative(unescape(f[2], line), mp, line)));
                }
                default -> throw bad(line, "unknown change flag '" + f[0] + "'");
            }
        }
        return List.copyOf(out);
    }

    private static String relative(String abs, String mp, String line) {
        if (abs.equals(mp)) {
            return "";
        }
        if (!abs.startsWith(mp + "/")) {
            throw bad(line, "path '" + abs + "' is not under the mount point '" + mp + "'");
        }
        return abs.substring(mp.length() + 1);
    }

    private static String unescape(String s, String line) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && isOctal(raw, i + 1, 4)) {
                b.write(Integer.parseInt(new String(raw, i + 1, 4, StandardCharsets.US_ASCII), 8));
                i += 4;
            } else if (raw[i] == '\\') {
                throw bad(line, "malformed escape in '" + s + "'");
            } else {
                b.write(raw[i]);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte[] r, int from, int n) {
        if (from + n > r.length) {
            return false;
        }
        for (int i = from; i < from + n; i++) {
            if (r[i] < '0' || r[i] > '7') {
                return false;
            }
        }
        return true;
    }

    private static XcException bad(String line, String why) {
        return XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid zfs diff line '" + line + "': " + why,
                "pass the output of 'zfs diff -H SNAPSHOT DATASET' unchanged");
    }

    private static String clean(String p) {
        Objects.requireNonNull(p, "path");
        String c = p;
        while (c.startsWith("/")) {
            c = c.substring(1);
        }
        while (c.endsWith("/")) {
            c = c.substring(0, c.length() - 1);
        }
        if (c.isEmpty()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid change path '" + p + "': it names the root",
                    "name a path below the root, e.g. etc/rc.conf");
        }
        for (String comp : c.split("/", -1)) {
            if (comp.isEmpty() || comp.equals(".") || comp.equals("..")) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid change path '" + p
                        + "': empty, '.' or '..' component", "name a normalised path, e.g. etc/rc.conf");
            }
        }
        return c;
    }
}
