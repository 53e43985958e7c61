package dev.xc.image.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a tar stream (ustar, POSIX pax with {@code x} and {@code g} headers, GNU long names {@code L}/{@code K})
 * header by header straight from one large buffer: no per-entry buffers, no skip through a temporary array, and
 * file contents handed to a channel from the same buffer. Checksums are verified; numbers may be octal or GNU
 * base-256. A damaged or truncated archive is an {@link XcException} with {@link ErrorCode#MALFORMED_CONTENT}.
 * Pax and GNU name records are capped at {@value #MAX_META} bytes. Not thread-safe.
 */
public final class TarReader {

    private static final int RECORD = 512;
    private static final int MAX_META = 1 << 20;

    /** One tar entry's header, with the pax and GNU extensions that preceded it applied. */
    public static final class Entry {
        String name = "";
        String linkName = "";
        byte type;
        int mode;
        long uid;
        long gid;
        long size;
        FileTime mtime = FileTime.fromMillis(0);
        FileTime atime;
        int devMajor;
        int devMinor;
        boolean sparse;
        Map<String, String> xattrs = Map.of();

        public String name() {
            return name;
        }

        public String linkName() {
            return linkName;
        }

        public int mode() {
            return mode;
        }

        public long uid() {
            return uid;
        }

        public long gid() {
            return gid;
        }

        public long size() {
            return size;
        }

        public FileTime mtime() {
            return mtime;
        }

        /** The access time, or the modification time when the archive has none. */
        public FileTime atime() {
            return atime != null ? atime : mtime;
        }

        public int devMajor() {
            return devMajor;
        }

        public int devMinor() {
            return devMinor;
        }

        /** Pax records naming extended attributes ({@code SCHILY.xattr.*}, {@code LIBARCHIVE.xattr.*}). */
        public Map<String, String> xattrs() {
            return xattrs;
        }

        public boolean isDirectory() {
            return type == '5' || name.endsWith("/");
        }

        public boolean isFile() {
            return (type == '0' || type == 0 || type == '7') && !name.endsWith("/");
        }

        public boolean isHardLink() {
            return type == '1';
        }

        public boolean isSymbolicLink() {
            return type == '2';
        }

        public boolean isCharacterDevice() {
            return type == '3';
        }

        public boolean isBlockDevice() {
            return type == '4';
        }

        public boolean isFifo() {
            return type == '6';
        }

        /** A GNU sparse file (type {@code S} or pax {@code GNU.sparse.*} records). */
        public boolean isSparse() {
            return sparse || type == 'S';
        }
    }

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private long remaining; // content bytes of the current entry not read yet
    private int padding; // bytes after the content up to the next record
    private final Map<String, String> global = new HashMap<>();

    public TarReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[Math.max(bufferSize, 4 * RECORD)];
    }

    /** The next entry, or null at the end of the archive (a zero record, or the end of the stream). */
    public Entry next() throws IOException {
        skipRest();
        String longName = null;
        String longLink = null;
        Map<String, String> pax = null;
        while (true) {
            if (!fill(RECORD)) {
                if (lim - pos == 0) {
                    return null; // no end-of-archive marker: tolerated, as GNU tar does
                }
                throw malformed("the layer ends in the middle of a tar header");
            }
            int h = pos;
            if (isZero(h)) {
                pos += RECORD;
                return null;
            }
            verifyChecksum(h);
            pos += RECORD;
            byte type = buf[h + 156];
            long size = number(h + 124, 12, "size");
            if (size < 0) {
                throw malformed("a tar header declares a negative size");
            }
            switch (type) {
                case 'L', 'K', 'x', 'g' -> {
                    if (size > MAX_META) {
                        throw XcException.of(ErrorCode.UNSAFE_LAYER, "layer has a tar extension header of "
                                + size + " bytes, more than the limit of " + MAX_META,
                                "the layer looks like a tar bomb; rebuild it");
                    }
                    byte[] data = readMeta((int) size);
                    if (type == 'L') {
                        longName = cString(data, 0, data.length);
                    } else if (type == 'K') {
                        longLink = cString(data, 0, data.length);
                    } else if (type == 'x') {
                        if (pax == null) {
                            pax = new LinkedHashMap<>();
                        }
                        parsePax(data, pax);
                    } else {
                        parsePax(data, global);
                    }
                    continue;
                }
                default -> {
                }
            }
            Entry e = new Entry();
            e.type = type;
            e.size = size;
            e.mode = (int) number(h + 100, 8, "mode");
            e.uid = number(h + 108, 8, "uid");
            e.gid = number(h + 116, 8, "gid");
            e.mtime = FileTime.from(Instant.ofEpochSecond(number(h + 136, 12, "mtime")));
            e.linkName = cString(buf, h + 157, 100);
            boolean ustar = buf[h + 257] == 'u' && buf[h + 258] == 's' && buf[h + 259] == 't' && buf[h + 260] == 'a'
                    && buf[h + 261] == 'r';
            boolean gnu = ustar && buf[h + 262] == ' ';
            String name = cString(buf, h, 100);
            if (ustar) {
                e.devMajor = (int) number(h + 329, 8, "devmajor");
                e.devMinor = (int) number(h + 337, 8, "devminor");
                if (gnu) {
                    long at = number(h + 345, 12, "atime");
                    if (at != 0) {
                        e.atime = FileTime.from(Instant.ofEpochSecond(at));
                    }
                } else if (buf[h + 345] != 0) {
                    name = cString(buf, h + 345, 155) + "/" + name;
                }
            }
            e.name = name;
            if (longName != null) {
                e.name = longName;
            }
            if (longLink != null) {
                e.linkName = longLink;
            }
            if (!global.isEmpty()) {
                applyPax(e, global);
            }
            if (pax != null) {
                applyPax(e, pax);
            }
            remaining = e.size;
            padding = (int) ((RECORD - (e.size % RECORD)) % RECORD);
            return e;
        }
    }

    /** Reads content of the current entry into {@code b}; -1 at its end. */
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        if (pos == lim && !fill(1)) {
            throw truncated();
        }
        int n = (int) Math.min(Math.min(len, remaining), lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        remaining -= n;
        return n;
    }

    /** Writes the rest of the current entry's content to {@code ch}; returns the number of bytes written. */
    public long writeTo(WritableByteChannel ch) throws IOException {
        long total = 0;
        while (remaining > 0) {
            if (pos == lim && !fill(1)) {
                throw truncated();
            }
            int n = (int) Math.min(remaining, lim - pos);
            ByteBuffer bb = ByteBuffer.wrap(buf, pos, n);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
            pos += n;
            remaining -= n;
            total += n;
        }
        return total;
    }

    private void skipRest() throws IOException {
        long skip = remaining + padding;
        remaining = 0;
        padding = 0;
        while (skip > 0) {
            if (pos == lim && !fill(1)) {
                throw truncated();
            }
            int n = (int) Math.min(skip, lim - pos);
            pos += n;
            skip -= n;
        }
    }

    /** Makes at least {@code need} bytes available at {@code pos}; false when the stream ends first. */
    private boolean fill(int need) throws IOException {
        if (lim - pos >= need) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        while (lim < need && !eof) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
        return lim - pos >= need;
    }

    private byte[] readMeta(int size) throws IOException {
        byte[] data = new byte[size];
        int off = 0;
        while (off < size) {
            if (pos == lim && !fill(1)) {
                throw truncated();
            }
            int n = Math.min(size - off, lim - pos);
            System.arraycopy(buf, pos, data, off, n);
            pos += n;
            off += n;
        }
        remaining = 0;
        padding = (RECORD - (size % RECORD)) % RECORD;
        skipRest();
        return data;
    }

    private boolean isZero(int h) {
        for (int i = 0; i < RECORD; i++) {
            if (buf[h + i] != 0) {
                return false;
            }
        }
        return true;
    }

    private void verifyChecksum(int h) {
        long stored = number(h + 148, 8, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < RECORD; i++) {
            byte b = (i >= 148 && i < 156) ? (byte) ' ' : buf[h + i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw malformed("a tar header has a wrong checksum (the archive is damaged or not a tar stream)");
        }
    }

    /** An octal field (spaces and NULs around the digits) or a GNU base-256 number. */
    private long number(int off, int len, String field) {
        byte first = buf[off];
        if ((first & 0x80) != 0) {
            if ((first & 0x40) != 0) {
                throw malformed("a tar header has a negative " + field);
            }
            long v = first & 0x3f;
            for (int i = 1; i < len; i++) {
                if (v > (Long.MAX_VALUE >>> 8)) {
                    throw malformed("a tar header has a " + field + " that is too large");
                }
                v = (v << 8) | (buf[off + i] & 0xff);
            }
            return v;
        }
        int i = off;
        int end = off + len;
        while (i < end && (buf[i] == ' ' || buf[i] == 0)) {
            i++;
        }
        long v = 0;
        int digits = 0;
        while (i < end && buf[i] >= '0' && buf[i] <= '7') {
            if (++digits > 21) {
                throw malformed("a tar header has a " + field + " that is too large");
            }
            v = (v << 3) | (buf[i] - '0');
            i++;
        }
        while (i < end) {
            if (buf[i] != ' ' && buf[i] != 0) {
                throw malformed("a tar header has an invalid " + field + " field");
            }
            i++;
        }
        return v;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        int max = off + len;
        while (end < max && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** Parses pax records {@code "LEN key=value\n"} into {@code into}. */
    private static void parsePax(byte[] d, Map<String, String> into) {
        int i = 0;
        while (i < d.length) {
            if (d[i] == 0) {
                break; // trailing NUL padding written by some tools
            }
            int j = i;
            long len = 0;
            while (j < d.length && d[j] >= '0' && d[j] <= '9') {
                len = len * 10 + (d[j] - '0');
                if (len > d.length) {
                    throw malformed("a pax header record has an invalid length");
                }
                j++;
            }
            if (j == i || j >= d.length || d[j] != ' ' || len <= j - i + 1 || i + len > d.length
                    || d[(int) (i + len - 1)] != '\n') {
                throw malformed("a pax header record is malformed");
            }
            int recEnd = (int) (i + len - 1);
            int eq = j + 1;
            while (eq < recEnd && d[eq] != '=') {
                eq++;
            }
            if (eq == recEnd) {
                throw malformed("a pax header record has no '='");
            }
            String key = new String(d, j + 1, eq - j - 1, StandardCharsets.UTF_8);
            String value = new String(d, eq + 1, recEnd - eq - 1, StandardCharsets.UTF_8);
            if (value.isEmpty()) {
                into.remove(key); // an empty value removes an earlier (global) one
            } else {
                into.put(key, value);
            }
            i = recEnd + 1;
        }
    }

    private static void applyPax(Entry e, Map<String, String> pax) {
        for (Map.Entry<String, String> r : pax.entrySet()) {
            String k = r.getKey();
            String v = r.getValue();
            switch (k) {
                case "path" -> e.name = v;
                case "linkpath" -> e.linkName = v;
                case "size" -> e.size = paxLong(k, v);
                case "uid" -> e.uid = paxLong(k, v);
                case "gid" -> e.gid = paxLong(k, v);
                case "mtime" -> e.mtime = paxTime(k, v);
                case "atime" -> e.atime = paxTime(k, v);
                case "SCHILY.devmajor" -> e.devMajor = (int) paxLong(k, v);
                case "SCHILY.devminor" -> e.devMinor = (int) paxLong(k, v);
                default -> {
                    if (k.startsWith("GNU.sparse.")) {
                        e.sparse = true;
                    } else if (k.startsWith("SCHILY.xattr.") || k.startsWith("LIBARCHIVE.xattr.")) {
                        if (e.xattrs.isEmpty()) {
                            e.xattrs = new LinkedHashMap<>();
                        }
                        e.xattrs.put(k, v);
                    }
                }
            }
        }
    }

    private static long paxLong(String key, String v) {
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw malformed("pax record '" + key + "' is negative");
            }
            return n;
        } catch (NumberFormatException x) {
            throw malformed("pax record '" + key + "' is not a number: '" + EntryPath.printable(v) + "'");
        }
    }

    /** A pax time: decimal seconds since the epoch with an optional fraction, e.g. {@code 1700000000.123456789}. */
    private static FileTime paxTime(String key, String v) {
        int dot = v.indexOf('.');
        String whole = dot < 0 ? v : v.substring(0, dot);
        String frac = dot < 0 ? "" : v.substring(dot + 1);
        boolean negative = whole.startsWith("-");
        String digits = negative ? whole.substring(1) : whole;
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || !frac.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw malformed("pax record '" + key + "' is not a time: '" + EntryPath.printable(v) + "'");
        }
        long secs = Long.parseLong(digits);
        String nine = (frac + "000000000").substring(0, 9);
        long nanos = Long.parseLong(nine);
        if (negative) {
            secs = -secs;
            nanos = -nanos;
        }
        return FileTime.from(Instant.ofEpochSecond(secs, nanos));
    }

    private static XcException truncated() {
        return malformed("the layer ends in the middle of a tar entry");
    }

    private static XcException malformed(String what) {
        return XcException.of(ErrorCode.MALFORMED_CONTENT, "malformed tar stream in layer: " + what,
                "the layer is corrupt; pull the image again");
    }
}
