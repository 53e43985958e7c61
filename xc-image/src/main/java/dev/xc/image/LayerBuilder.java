package dev.xc.image;

import dev.xc.host.fs.FileCalls;

import com.github.luben.zstd.ZstdOutputStream;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Produces OCI layers from directory states, deterministically: the same input gives the same bytes and digests.
 * Entries are written in sorted order (parents before children, siblings by name); user and group names are left
 * empty; only whole-second modification times are written, or one fixed time when {@link #normalizeMtime} asks;
 * whiteouts are empty files with mode 0 and time 0; hard links inside the layer are kept as tar links.
 * {@code user}, {@code trusted} and {@code security} extended attributes become PAX {@code SCHILY.xattr.*} records.
 *
 * <p>Three sources: a whole tree ({@link #full}), the difference between two trees ({@link #diff}: a path is
 * changed when its type, mode, owner, size, modification time, link target, device number or extended attributes
 * differ; deletions become {@code .wh.NAME}), or a list of changes such as {@code zfs diff} gives
 * ({@link #fromChanges}).
 *
 * <p>Compression: zstd (level 3 by default, multi-threaded; zstd's multi-threaded output does not depend on the
 * number of threads, so it stays deterministic), gzip (java.util.zip, fixed header) or none.
 *
 * <p>{@snippet :
 * LayerBuilder b = LayerBuilder.create(Compression.ZSTD).normalizeMtime(Instant.EPOCH);
 * BuiltLayer layer = b.diff(Optional.of(lower), upper, out);
 * }
 *
 * <p>Instances are immutable and thread-safe; each call reads the trees it is given, which must not change during
 * the call.
 */
public final class LayerBuilder {

    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Compression compression;
    private final int level;
    private final Optional<Instant> mtime;
    private final int workers;

    private LayerBuilder(Compression compression, int level, Optional<Instant> mtime, int workers) {
        this.compression = compression;
        this.level = level;
        this.mtime = mtime;
        this.workers = workers;
    }

    /** A builder with the default level of {@code compression} and real modification times. */
    public static LayerBuilder create(Compression compression) {
        return new LayerBuilder(Objects.requireNonNull(compression, "compression"),
                compression == Compression.GZIP ? Deflater.DEFAULT_COMPRESSION : 3, Optional.empty(),
                Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** Writes every entry with modification time {@code t} (e.g. {@code SOURCE_DATE_EPOCH}). */
    public LayerBuilder normalizeMtime(Instant t) {
        return new LayerBuilder(compression, level, Optional.of(t), workers);
    }

    /** The compression level: 1..19 for zstd, 1..9 for gzip. */
    public LayerBuilder level(int l) {
        int max = compression == Compression.ZSTD ? 19 : 9;
        if (l < 1 || l > max) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid compression level " + l + " for "
                    + compression, "use a level from 1 to " + max);
        }
        return new LayerBuilder(compression, l, mtime, workers);
    }

    /** zstd worker threads (at least 1); does not change the output. */
    public LayerBuilder workers(int n) {
        if (n < 1) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid worker count " + n,
                    "use at least 1 worker");
        }
        return new LayerBuilder(compression, level, mtime, n);
    }

    /** A layer holding all of {@code root}. */
    public BuiltLayer full(Path root, OutputStream out) {
        return diff(Optional.empty(), root, out);
    }

    /** A layer that turns {@code lower} (or an empty tree) into {@code upper}. */
    public BuiltLayer diff(Optional<Path> lower, Path upper, OutputStream out) {
        return write(out, w -> diffDir(lower.orElse(null), upper, "", w));
    }

    /**
     * A layer from a list of changes of {@code root} (its new state): added and modified paths are written (a
     * modified directory only as itself), removed paths become whiteouts, a rename is a whiteout of the old path
     * plus the new path with everything below it. Paths are processed in sorted order whatever the list order.
     */
    public BuiltLayer fromChanges(Path root, List<LayerChange> changes, OutputStream out) {
        TreeMap<String, Boolean> add = new TreeMap<>(); // path -> recursive
        TreeSet<String> remove = new TreeSet<>();
        for (LayerChange c : changes) {
            switch (c) {
                case LayerChange.Added a -> add.merge(a.path(), true, Boolean::logicalOr);
                case LayerChange.Modified m -> add.merge(m.path(), false, Boolean::logicalOr);
                case LayerChange.Removed r -> remove.add(r.path());
                case LayerChange.Renamed r -> {
                    remove.add(r.from());
                    add.merge(r.to(), true, Boolean::logicalOr);
                }
            }
        }
        return write(out, w -> {
            TreeSet<String> all = new TreeSet<>(add.keySet());
            all.addAll(remove);
            for (String p : all) {
                if (remove.contains(p) && !add.containsKey(p)) {
                    w.whiteout(p);
                } else if (add.containsKey(p)) {
                    Path f = root.resolve(p);
                    if (!Files.exists(f, NOFOLLOW)) {
                        continue; // added then removed before the snapshot
                    }
                    w.entry(f, p);
                    if (add.get(p) && Files.isDirectory(f, NOFOLLOW)) {
                        diffDir(null, f, p, w);
                    }
                }
            }
        });
    }

    private interface Body {
        void run(EntryWriter w) throws IOException;
    }

    private BuiltLayer write(OutputStream out, Body body) {
        try {
            DigestingOutputStream blob = new DigestingOutputStream(out);
            OutputStream compressed = switch (compression) {
                case NONE -> new NonClosing(blob);
                case GZIP -> new GZIPOutputStream(new NonClosing(blob), 1 << 16) {
                    {
                        def.setLevel(level);
                    }
                };
                case ZSTD -> new ZstdOutputStream(new NonClosing(blob), level).setWorkers(workers)
                        .setChecksum(false);
            };
            DigestingOutputStream tarBytes = new DigestingOutputStream(compressed);
            long entries;
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes, "UTF-8")) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                tar.setAddPaxHeadersForNonAsciiNames(true);
                EntryWriter w = new EntryWriter(tar);
                body.run(w);
                entries = w.count;
                tar.finish();
            }
            blob.flush();
            return new BuiltLayer(blob.digest(), tarBytes.digest(), blob.count, compression.ociMediaType(), entries);
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot create layer: " + e.getMessage(),
                    "check that the source tree is readable and the output writable", e);
        }
    }

    private void diffDir(Path lower, Path upper, String prefix, EntryWriter w) throws IOException {
        TreeSet<String> names = new TreeSet<>(list(upper));
        TreeSet<String> lowerNames = lower != null && isRealDir(lower) ? new TreeSet<>(list(lower)) : new TreeSet<>();
        TreeSet<String> all = new TreeSet<>(names);
        all.addAll(lowerNames);
        for (String n : all) {
            String rel = prefix.isEmpty() ? n : prefix + "/" + n;
            Path u = upper.resolve(n);
            if (!names.contains(n)) {
                w.whiteout(rel);
                continue;
            }
            Path l = lowerNames.contains(n) ? lower.resolve(n) : null;
            Map<String, Object> ua = Files.readAttributes(u, "unix:*", NOFOLLOW);
            boolean dir = isDir(ua);
            if (l == null) {
                w.entry(u, rel, ua);
                if (dir) {
                    diffDir(null, u, rel, w);
                }
                continue;
            }
            Map<String, Object> la = Files.readAttributes(l, "unix:*", NOFOLLOW);
            if (changed(u, ua, l, la)) {
                w.entry(u, rel, ua);
            }
            if (dir) {
                diffDir(isDir(la) ? l : null, u, rel, w);
            }
        }
    }

    private static boolean isRealDir(Path p) {
        return Files.isDirectory(p, NOFOLLOW);
    }

    private static boolean isDir(Map<String, Object> a) {
        return (((Integer) a.get("mode")) & 0170000) == 0040000;
    }

    private static boolean changed(Path u, Map<String, Object> ua, Path l, Map<String, Object> la) throws IOException {
        for (String k : List.of("mode", "uid", "gid", "rdev")) {
            if (!Objects.equals(ua.get(k), la.get(k))) {
                return true;
            }
        }
        int mode = (Integer) ua.get("mode");
        boolean dir = (mode & 0170000) == 0040000;
        if (!dir && (!Objects.equals(ua.get("size"), la.get("size"))
                || !Objects.equals(ua.get("lastModifiedTime"), la.get("lastModifiedTime")))) {
            return true;
        }
        if ((mode & 0170000) == 0120000
                && !Files.readSymbolicLink(u).equals(Files.readSymbolicLink(l))) {
            return true;
        }
        return !xattrs(u, mode).equals(xattrs(l, mode));
    }

    private static Map<String, String> xattrs(Path p, int mode) throws IOException {
        if ((mode & 0170000) == 0120000 || !FileCalls.xattrsSupported()) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        FileCalls.lgetxattrs(p).forEach((k, v) -> {
            if (!k.startsWith("system.")) {
                out.put(k, new String(v, StandardCharsets.UTF_8));
            }
        });
        return out;
    }

    private static List<String> list(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (var s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                out.add(p.getFileName().toString());
            }
        }
        return out;
    }

    private final class EntryWriter {
        private final TarArchiveOutputStream tar;
        private final Map<String, String> linksSeen = new HashMap<>();
        private final byte[] buf = new byte[1 << 20];
        long count;

        EntryWriter(TarArchiveOutputStream tar) {
            this.tar = tar;
        }

        void entry(Path p, String rel) throws IOException {
            entry(p, rel, Files.readAttributes(p, "unix:*", NOFOLLOW));
        }

        void entry(Path p, String rel, Map<String, Object> a) throws IOException {
            int mode = (Integer) a.get("mode");
            int type = mode & 0170000;
            TarArchiveEntry e;
            boolean data = false;
            switch (type) {
                case 0040000 -> e = new TarArchiveEntry(rel + "/", TarConstants.LF_DIR);
                case 0120000 -> {
                    e = new TarArchiveEntry(rel, TarConstants.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(p).toString());
                }
                case 0100000 -> {
                    int nlink = (Integer) a.get("nlink");
                    String key = a.get("dev") + ":" + a.get("ino");
                    String first = nlink > 1 ? linksSeen.putIfAbsent(key, rel) : null;
                    if (first != null) {
                        e = new TarArchiveEntry(rel, TarConstants.LF_LINK);
                        e.setLinkName(first);
                    } else {
                        e = new TarArchiveEntry(rel, TarConstants.LF_NORMAL);
                        e.setSize((Long) a.get("size"));
                        data = true;
                    }
                }
                case 0010000 -> e = new TarArchiveEntry(rel, TarConstants.LF_FIFO);
                case 0020000, 0060000 -> {
                    e = new TarArchiveEntry(rel, type == 0020000 ? TarConstants.LF_CHR : TarConstants.LF_BLK);
                    long rdev = (Long) a.get("rdev");
                    e.setDevMajor(FileCalls.major(rdev));
                    e.setDevMinor(FileCalls.minor(rdev));
                }
                default -> throw XcException.of(ErrorCode.IO_ERROR, "cannot put '" + rel
                        + "' in a layer: sockets and other special files cannot be stored",
                        "remove the file from the tree before building the layer");
            }
            e.setMode(mode & 07777);
            e.setUserId((Integer) a.get("uid"));
            e.setGroupId((Integer) a.get("gid"));
            e.setUserName("");
            e.setGroupName("");
            long secs = mtime.map(Instant::getEpochSecond)
                    .orElse(((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond());
            e.setModTime(FileTime.from(Instant.ofEpochSecond(secs)));
            xattrs(p, mode).forEach((k, v) -> e.addPaxHeader("SCHILY.xattr." + k, v));
            tar.putArchiveEntry(e);
            if (data) {
                long want = e.getSize();
                long done = 0;
                try (InputStream in = Files.newInputStream(p, NOFOLLOW)) {
                    int r;
                    while (done < want && (r = in.read(buf, 0, (int) Math.min(buf.length, want - done))) > 0) {
                        tar.write(buf, 0, r);
                        done += r;
                    }
                }
                if (done != want) {
                    throw new IOException("'" + rel + "' changed size while the layer was written");
                }
            }
            tar.closeArchiveEntry();
            count++;
        }

        void whiteout(String rel) throws IOException {
            int slash = rel.lastIndexOf('/');
            String name = slash < 0 ? ".wh." + rel : rel.substring(0, slash + 1) + ".wh." + rel.substring(slash + 1);
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            e.setMode(0);
            e.setSize(0);
            e.setUserName("");
            e.setGroupName("");
            e.setModTime(FileTime.from(Instant.EPOCH));
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            count++;
        }
    }

    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static final class DigestingOutputStream extends FilterOutputStream {
        private final MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
        long count;

        DigestingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            md.update((byte) b);
            count++;
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            md.update(b, off, len);
            count += len;
            out.write(b, off, len);
        }

        Digest digest() {
            return new Digest(Digest.SHA256, HexFormat.of().formatHex(md.digest()));
        }
    }
}
