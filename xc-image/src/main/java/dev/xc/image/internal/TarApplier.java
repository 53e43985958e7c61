package dev.xc.image.internal;

import dev.xc.host.fs.FileCalls;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.image.UnpackOptions;

import java.io.IOException;
import java.io.InputStream;
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
 * the end, after their content is written. Not thread-safe.
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
        TarReader in = new TarReader(tar, BUFFER);
        TarReader.Entry e;
        while ((e = in.next()) != null) {
            if (++entries > options.maxEntries()) {
                throw XcException.of(ErrorCode.UNSAFE_LAYER, "layer has more than " + options.maxEntries()
                        + " entries (at entry '" + EntryPath.printable(e.name()) + "')",
                        "the layer looks like a tar bomb; if it is genuine, raise the entry limit");
            }
            try {
                applyEntry(in, e);
            } catch (XcException x) {
                throw x;
            } catch (IOException x) {
                throw XcException.of(ErrorCode.IO_ERROR, "cannot unpack layer entry '"
                        + EntryPath.printable(e.name()) + "': " + x.getMessage(),
                        "check free space and permissions of the target file system", x);
            }
        }
        finishDirectories();
    }

    private void applyEntry(TarReader in, TarReader.Entry e) throws IOException {
        String name = e.name();
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
        if (e.size() > options.maxBytes()) {
            throw XcException.of(ErrorCode.UNSAFE_LAYER, "layer entry '" + EntryPath.printable(name)
                    + "' declares " + e.size() + " bytes, more than the limit of " + options.maxBytes(),
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
            dirTimes.add(new DirTime(target, e.mtime(), e.atime()));
            return;
        }
        if (e.isSparse()) {
            throw XcException.of(ErrorCode.MALFORMED_CONTENT, "layer entry '" + EntryPath.printable(name)
                    + "' is a sparse file, which OCI layers do not use", "rebuild the layer without --sparse");
        }
        if (e.isHardLink()) {
            List<String> lcomps = EntryPath.components(e.linkName());
            if (lcomps.isEmpty()) {
                throw EntryPath.unsafe(name, "it is a hard link to the root directory");
            }
            Path lparent = root.directory(lcomps.subList(0, lcomps.size() - 1), name, false);
            Path source = lparent == null ? null : lparent.resolve(lcomps.getLast());
            BasicFileAttributes sat = source == null ? null : RootFs.lstat(source);
            if (sat == null) {
                throw EntryPath.unsafe(name, "it is a hard link to '" + EntryPath.printable(e.linkName())
                        + "', which does not exist in the root");
            }
            if (!sat.isRegularFile()) {
                throw EntryPath.unsafe(name, "it is a hard link to '" + EntryPath.printable(e.linkName())
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
            String link = e.linkName();
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
        } else if (e.isFifo()) {
            replace(target);
            FileCalls.mknod(target, FileCalls.S_IFIFO, e.mode(), 0, 0);
            metadata(target, e, false);
        } else if (e.isCharacterDevice() || e.isBlockDevice()) {
            switch (options.devices()) {
                case REJECT -> throw EntryPath.unsafe(name, "it is a device node ("
                        + (e.isCharacterDevice() ? "character" : "block") + " " + e.devMajor() + ","
                        + e.devMinor() + ") and device nodes are not allowed here");
                case SKIP -> {
                    replace(target); // the entry still replaces what a lower layer had there
                    return;
                }
                case CREATE -> {
                    replace(target);
                    FileCalls.mknod(target, e.isCharacterDevice() ? FileCalls.S_IFCHR : FileCalls.S_IFBLK,
                            e.mode(), e.devMajor(), e.devMinor());
                    metadata(target, e, false);
                }
            }
        } else if (e.isFile()) {
            try (FileChannel fc = createFile(target)) {
                in.writeTo(fc);
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

    private void metadata(Path p, TarReader.Entry e, boolean symlink) throws IOException {
        if (options.preserveOwnership()) {
            long uid = e.uid();
            long gid = e.gid();
            if (uid != 0 || gid != 0) {
                FileCalls.lchown(p, (int) uid, (int) gid);
            }
        }
        if (!symlink) {
            FileCalls.chmod(p, e.mode());
        }
        if (options.restoreXattrs()) {
            for (Map.Entry<String, String> x : e.xattrs().entrySet()) {
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
            FileCalls.lutimes(p, e.atime(), e.mtime());
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
