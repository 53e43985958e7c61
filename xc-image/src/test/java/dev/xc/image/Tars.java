package dev.xc.image;

import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds tar layers in tests, including entries no honest tool would write. */
final class Tars {

    static final FileTime TIME = FileTime.from(Instant.ofEpochSecond(1_600_000_000L));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    Tars() {
        tar = new TarArchiveOutputStream(bytes, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    Tars gnuLongNames() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
        return this;
    }

    private static TarArchiveEntry entry(String name, byte flag, int mode, int uid, int gid) {
        TarArchiveEntry e = new TarArchiveEntry(name, flag, true);
        e.setMode(mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        e.setModTime(TIME);
        return e;
    }

    Tars dir(String name) {
        return dir(name, 0755, 0, 0);
    }

    Tars dir(String name, int mode, int uid, int gid) {
        return put(entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, mode, uid, gid), null);
    }

    Tars file(String name, String content) {
        return file(name, 0644, 0, 0, content.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    Tars file(String name, int mode, int uid, int gid, byte[] content, Map<String, String> xattrs) {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, mode, uid, gid);
        e.setSize(content.length);
        xattrs.forEach((k, v) -> e.addPaxHeader("SCHILY.xattr." + k, v));
        return put(e, content);
    }

    /** A regular-file header declaring {@code size} bytes, followed by that many zero bytes. */
    Tars sizedFile(String name, int size) {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, 0644, 0, 0);
        e.setSize(size);
        return put(e, new byte[size]);
    }

    Tars symlink(String name, String target) {
        return symlink(name, target, 0, 0);
    }

    Tars symlink(String name, String target, int uid, int gid) {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, 0777, uid, gid);
        e.setLinkName(target);
        return put(e, null);
    }

    Tars hardlink(String name, String target) {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK, 0644, 0, 0);
        e.setLinkName(target);
        return put(e, null);
    }

    Tars fifo(String name, int mode) {
        return put(entry(name, TarConstants.LF_FIFO, mode, 0, 0), null);
    }

    Tars device(String name, boolean character, int major, int minor) {
        TarArchiveEntry e = entry(name, character ? TarConstants.LF_CHR : TarConstants.LF_BLK, 0600, 0, 0);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        return put(e, null);
    }

    Tars whiteout(String name) {
        return put(entry(name, TarConstants.LF_NORMAL, 0, 0, 0), new byte[0]);
    }

    private Tars put(TarArchiveEntry e, byte[] data) {
        try {
            tar.putArchiveEntry(e);
            if (data != null) {
                tar.write(data);
            }
            tar.closeArchiveEntry();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return this;
    }

    byte[] tar() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return bytes.toByteArray();
    }

    byte[] gzip() {
        return gzip(tar());
    }

    byte[] zstd() {
        return zstd(tar());
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(raw);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return b.toByteArray();
    }

    static byte[] zstd(byte[] raw) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(b, 3)) {
            z.write(raw);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return b.toByteArray();
    }
}
