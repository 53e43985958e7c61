package dev.xc.image.internal;

import dev.xc.host.fs.FileCalls;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.image.UnpackOptions;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies one uncompressed layer tar stream to a {@link RootFs}. Every entry name is normalised by
 * {@link EntryPath}, its parent resolved inside the root by {@link RootFs#directory}, and the entry itself created
 * with calls that never follow a symlink at the last component ({@code O_CREAT|O_EXCL}, {@code mkdir},
 * {@code symlink}, {@code link}, {@code mknod}, {@code lchown}, {@code utimensat(AT_SYMLINK_NOFOLLOW)}). Whiteouts
 * follow the OCI rules: they hide what lower layers left, never what this layer wrote. Directory times are set at
 * the end, after their content is written. Headers are read by Commons Compress ({@link LayerTarInput}); every
 * entry's content is read to its end here, into one reusable buffer written to the file as is, so the library only
 * skips the padding up to the next record. A damaged or truncated tar stream is {@link ErrorCode#MALFORMED_CONTENT}.
 * Not thread-safe.
 */
public final class TarApplier {

    private static final int BUFFER = 1 << 20;

    private final RootFs root;
    private final UnpackOptions options;
    private final byte[] buffer = new byte[BUFFER];
    private final Set<String> touched = new HashSet<>();
    private final List<DirTime> dirTimes = new ArrayList<>();
    private long entries;

    private record DirTime(Path dir, FileTime mtime, FileTime atime) {
    }

    public TarApplier(RootFs root, UnpackOptions options) {
        this.root = root;
        this.options = options;
    }

    /** Entries read so far. */
    public long entries() {
        return entries;
    }

    /** Reads {@code tar} to its end-of-archive marker and applies every entry. */
    public void apply(InputStream tar) throws IOException {
        LayerTarInput in = new LayerTarInput(tar);
        TarArchiveEntry e;
        String last = null;
        while ((e = next(in, last)) != null) {
            if (e.isGlobalPaxHeader()) {
                continue;
            }
            last = e.getName();
            if (++entries > options.maxEntries()) {
                throw XcException.of(ErrorCode.UNSAFE_LAYER, "layer has more than " + options.maxEntries()
                        + " entries (at entry '" + EntryPath.printable(e.getName()) + "')",
                        "the layer looks like a tar bomb; if it is genuine, raise the entry limit");
            }
            try {
                applyEntry(in, e);
            } catch (XcException x) {
                throw x;
            } catch (IOException x) {
                throw XcException.of(ErrorCode.IO_ERROR, "cannot unpack layer entry '"
                        + EntryPath.printable(e.getName()) + "': " + x.getMessage(),
                        "check free space and permissions of the target file system", x);
            }
        }
        finishDirectories();
    }

    /** The next entry; damage in the tar stream is MALFORMED_CONTENT, a failure of the stream beneath passes as is. */
    private static TarArchiveEntry next(LayerTarInput in, String last) throws IOException {
        try {
            TarArchiveEntry e = in.getNextEntry();
            if (e != null && !e.isCheckSumOK()) {
                throw LayerTarInput.malformed("a tar header has a wrong checksum (the archive is damaged or not a "
                        + "tar stream)");
            }
            return e;
        } catch (LayerTarInput.SourceFailure f) {
            throw f.original();
        } catch (IOException | IllegalArgumentException | IllegalStateException x) {
            throw LayerTarInput.malformed(describe(x) + (last == null ? ""
                    : " (after entry '" + EntryPath.printable(last) + "')"));
        }
    }

    /** A library exception's message with those of its causes, e.g. "Error detected parsing the header: ...". */
    private static String describe(Throwable x) {
        StringBuilder sb = new StringBuilder(String.valueOf(x.getMessage()));
        for (Throwable c = x.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
                sb.append(": ").append(c.getMessage());
            }
        }
        return sb.toString();
    }

    /**
     * Copies the content of the current entry, {@code size} bytes, to {@code fc}: read to its very end so that the
     * library never skips content, gathered into the one buffer and written from it in as few writes as possible.
     */
    private void copyContent(LayerTarInput in, String name, long size, FileChannel fc) throws IOException {
        long left = size;
        while (left > 0) {
            int want = (int) Math.min(left, buffer.length);
            int n = 0;
            while (n < want) {
                int r;
                try {
                    r = in.read(buffer, n, want - n);
                } catch (LayerTarInput.SourceFailure f) {
                    throw f.original();
                } catch (IOException x) {
                    throw truncated(name, size, x);
                }
                if (r < 0) {
                    throw truncated(name, size, null);
                }
                n += r;
            }
            ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
            while (bb.hasRemaining()) {
                fc.write(bb);
            }
            left -= n;
        }
    }

    private static XcException truncated(String name, long size, IOException cause) {
        return LayerTarInput.malformed("the layer ends in the middle of entry '" + EntryPath.printable(name)
                + "' (" + size + " bytes declared)" + (cause == null ? "" : ": " + describe(cause)));
    }

    private void applyEntry(LayerTarInput in, TarArchiveEntry e) throws IOException {
        String name = e.getName();
        List<String> comps = EntryPath.components(name);
        if (options.applyWhiteouts()) {
            switch (Whiteout.classify(comps, name)) {
                case Whiteout.Remove r -> {
                    whiteout(r.target(), name);
                    return;
                }
                case Whiteout.Opaque o -> {
                    opaque(o.dir(), name);
                    return;
                }
                case Whiteout.Meta m -> {
                    return;
                }
                case Whiteout.None n -> {
                }
            }
        }
        if (comps.isEmpty()) {
            if (e.isDirectory()) {
                return; // the root itself: its metadata belongs to the storage backend
            }
            throw EntryPath.unsafe(name, "it would replace the root directory");
        }
        if (e.getSize() > options.maxBytes()) {
            throw XcException.of(ErrorCode.UNSAFE_LAYER, "layer entry '" + EntryPath.printable(name)
                    + "' declares " + e.getSize() + " bytes, more than the limit of " + options.maxBytes(),
                    "the layer looks like a tar bomb; if it is genuine, raise the size limit");
        }
        String key = EntryPath.join(comps);
        Path parent = root.directory(comps.subList(0, comps.size() - 1), name, true);
        Path target = parent.resolve(comps.getLast());
        touched.add(key);

        // Each kind is created first and only on EEXIST looked at: most entries land where nothing is yet.
        if (e.isDirectory()) {
            try {
                Files.createDirectory(target);
            } catch (FileAlreadyExistsException x) {
                BasicFileAttributes existing = RootFs.lstat(target);
                if (existing == null || !existing.isDirectory()) {
                    root.removeTree(target);
                    Files.createDirectory(target);
                }
            }
            metadata(target, e, false);
            dirTimes.add(new DirTime(target, e.getLastModifiedTime(), atime(e)));
            return;
        }
        if (e.isSparse() || e.getLinkFlag() == TarConstants.LF_GNUTYPE_SPARSE) {
            throw XcException.of(ErrorCode.MALFORMED_CONTENT, "layer entry '" + EntryPath.printable(name)
                    + "' is a sparse file, which OCI layers do not use", "rebuild the layer without --sparse");
        }
        if (e.isLink()) {
            List<String> lcomps = EntryPath.components(e.getLinkName());
            if (lcomps.isEmpty()) {
                throw EntryPath.unsafe(name, "it is a hard link to the root directory");
            }
            Path lparent = root.directory(lcomps.subList(0, lcomps.size() - 1), name, false);
            Path source = lparent == null ? null : lparent.resolve(lcomps.getLast());
            BasicFileAttributes sat = source == null ? null : RootFs.lstat(source);
            if (sat == null) {
                throw EntryPath.unsafe(name, "it is a hard link to '" + EntryPath.printable(e.getLinkName())
                        + "', which does not exist in the root");
            }
            if (!sat.isRegularFile()) {
                throw EntryPath.unsafe(name, "it is a hard link to '" + EntryPath.printable(e.getLinkName())
                        + "', which is not a regular file");
            }
            if (RootFs.lstat(target) != null) {
                if (source.equals(target)) {
                    return;
                }
                root.removeTree(target);
            }
            Files.createLink(target, source);
            return;
        }
        if (e.isSymbolicLink()) {
            String link = e.getLinkName();
            if (link.isEmpty() || link.indexOf('\0') >= 0) {
                throw EntryPath.unsafe(name, "it is a symbolic link with an empty or invalid target");
            }
            Path lt = Path.of(link);
            try {
                Files.createSymbolicLink(target, lt);
            } catch (FileAlreadyExistsException x) {
                root.removeTree(target);
                Files.createSymbolicLink(target, lt);
            }
            metadata(target, e, true);
        } else if (e.isFIFO()) {
            replace(target);
            FileCalls.mknod(target, FileCalls.S_IFIFO, e.getMode(), 0, 0);
            metadata(target, e, false);
        } else if (e.isCharacterDevice() || e.isBlockDevice()) {
            switch (options.devices()) {
                case REJECT -> throw EntryPath.unsafe(name, "it is a device node ("
                        + (e.isCharacterDevice() ? "character" : "block") + " " + e.getDevMajor() + ","
                        + e.getDevMinor() + ") and device nodes are not allowed here");
                case SKIP -> {
                    replace(target); // the entry still replaces what a lower layer had there
                    return;
                }
                case CREATE -> {
                    replace(target);
                    FileCalls.mknod(target, e.isCharacterDevice() ? FileCalls.S_IFCHR : FileCalls.S_IFBLK,
                            e.getMode(), e.getDevMajor(), e.getDevMinor());
                    metadata(target, e, false);
                }
            }
        } else if (isRegularFile(e)) {
            try (FileChannel fc = createFile(target)) {
                copyContent(in, name, e.getSize(), fc);
            }
            metadata(target, e, false);
        } else {
            throw XcException.of(ErrorCode.MALFORMED_CONTENT, "layer entry '" + EntryPath.printable(name)
                    + "' has an unsupported tar entry type",
                    "OCI layers hold files, directories, links, FIFOs and devices only; rebuild the layer");
        }
    }

    private static final StandardOpenOption[] CREATE_NEW = {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};

    /** Creates {@code target} as a new empty file, replacing what a lower layer left there. */
    private FileChannel createFile(Path target) throws IOException {
        try {
            return FileChannel.open(target, CREATE_NEW);
        } catch (FileAlreadyExistsException x) {
            root.removeTree(target);
            return FileChannel.open(target, CREATE_NEW);
        }
    }

    /** Removes whatever a lower layer left at {@code target}. */
    private void replace(Path target) throws IOException {
        if (RootFs.lstat(target) != null) {
            root.removeTree(target);
        }
    }

    /** A regular file: type {@code 0}, NUL (old tar) or {@code 7} (contiguous); Commons counts more types as files. */
    private static boolean isRegularFile(TarArchiveEntry e) {
        byte t = e.getLinkFlag();
        return (t == TarConstants.LF_NORMAL || t == TarConstants.LF_OLDNORM || t == TarConstants.LF_CONTIG)
                && !e.getName().endsWith("/");
    }

    private static FileTime atime(TarArchiveEntry e) {
        FileTime a = e.getLastAccessTime();
        return a != null ? a : e.getLastModifiedTime();
    }

    private void metadata(Path p, TarArchiveEntry e, boolean symlink) throws IOException {
        if (options.preserveOwnership()) {
            long uid = e.getLongUserId();
            long gid = e.getLongGroupId();
            if (uid != 0 || gid != 0) {
                FileCalls.lchown(p, (int) uid, (int) gid);
            }
        }
        if (!symlink) {
            FileCalls.chmod(p, e.getMode());
        }
        if (options.restoreXattrs()) {
            for (Map.Entry<String, String> x : e.getExtraPaxHeaders().entrySet()) {
                String k = x.getKey();
                if (k.startsWith("SCHILY.xattr.")) {
                    FileCalls.lsetxattr(p, k.substring("SCHILY.xattr.".length()),
                            x.getValue().getBytes(StandardCharsets.UTF_8));
                } else if (k.startsWith("LIBARCHIVE.xattr.")) {
                    String xname = java.net.URLDecoder.decode(k.substring("LIBARCHIVE.xattr.".length()),
                            StandardCharsets.UTF_8);
                    FileCalls.lsetxattr(p, xname, Base64.getDecoder().decode(x.getValue().strip()));
                }
            }
        }
        if (!e.isDirectory()) {
            FileCalls.lutimes(p, atime(e), e.getLastModifiedTime());
        }
    }

    private void whiteout(List<String> target, String entry) throws IOException {
        String key = EntryPath.join(target);
        if (touched.contains(key)) {
            return; // written by this very layer: whiteouts only hide lower layers
        }
        Path parent = root.directory(target.subList(0, target.size() - 1), entry, false);
        if (parent == null) {
            return;
        }
        root.removeTree(parent.resolve(target.getLast()));
    }

    private void opaque(List<String> dirComps, String entry) throws IOException {
        String key = EntryPath.join(dirComps);
        Path dir = root.directory(dirComps, entry, true);
        touched.add(key);
        clearLower(dir, key);
    }

    private void clearLower(Path dir, String key) throws IOException {
        for (String child : RootFs.list(dir)) {
            String ck = key.isEmpty() ? child : key + "/" + child;
            Path cp = dir.resolve(child);
            if (!touched.contains(ck)) {
                root.removeTree(cp);
            } else {
                BasicFileAttributes at = RootFs.lstat(cp);
                if (at != null && at.isDirectory()) {
                    clearLower(cp, ck);
                }
            }
        }
    }

    private void finishDirectories() throws IOException {
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            DirTime d = dirTimes.get(i);
            BasicFileAttributes at = RootFs.lstat(d.dir());
            if (at != null && at.isDirectory()) {
                FileCalls.lutimes(d.dir(), d.atime(), d.mtime());
            }
        }
        dirTimes.clear();
    }
}
