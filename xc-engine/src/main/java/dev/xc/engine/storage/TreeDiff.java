package dev.xc.engine.storage;

import dev.xc.api.spi.FileChange;
import dev.xc.api.spi.FileChange.FileType;
import dev.xc.api.spi.FileChange.Kind;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Changes between two directory trees, reported like {@code zfs diff -F}: an object whose type changed is removed
 * and added, one whose size, permissions, modification time or symlink target changed is modified, a directory is
 * modified only when its permissions changed (its contents are reported one by one). Stateless; thread-safe.
 */
final class TreeDiff {

    private TreeDiff() {
    }

    /** What is compared of one object. */
    record Entry(FileType type, long size, long mtimeNanos, String perms, String target) {
    }

    /** Every object under {@code root} by its path inside the tree ({@code /etc/rc.conf}); the root itself is not included. */
    static Map<String, Entry> entries(Path root) throws IOException {
        Map<String, Entry> m = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                if (!dir.equals(root)) {
                    m.put("/" + root.relativize(dir), entry(dir));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                m.put("/" + root.relativize(f), entry(f));
                return FileVisitResult.CONTINUE;
            }
        });
        return m;
    }

    private static Entry entry(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        FileType t = a.isDirectory() ? FileType.DIRECTORY : a.isSymbolicLink() ? FileType.SYMLINK
                : a.isRegularFile() ? FileType.FILE : a.isOther() ? FileType.UNKNOWN : FileType.UNKNOWN;
        String target = a.isSymbolicLink() ? Files.readSymbolicLink(p).toString() : "";
        // directories: their contents are compared one by one; symlinks: copies do not keep their times
        long mtime = a.isDirectory() || a.isSymbolicLink() ? 0 : a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        return new Entry(t, a.isDirectory() ? 0 : a.size(), mtime, PosixFilePermissions.toString(a.permissions()),
                target);
    }

    /** The changes from {@code before} to {@code after}, ordered by path. */
    static List<FileChange> compare(Map<String, Entry> before, Map<String, Entry> after) {
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        List<FileChange> out = new ArrayList<>();
        for (String p : paths) {
            Entry x = before.get(p);
            Entry y = after.get(p);
            if (x == null) {
                out.add(FileChange.of(Kind.ADDED, y.type(), p));
            } else if (y == null) {
                out.add(FileChange.of(Kind.REMOVED, x.type(), p));
            } else if (x.type() != y.type()) {
                out.add(FileChange.of(Kind.REMOVED, x.type(), p));
                out.add(FileChange.of(Kind.ADDED, y.type(), p));
            } else if (!x.equals(y)) {
                out.add(FileChange.of(Kind.MODIFIED, y.type(), p));
            }
        }
        return List.copyOf(out);
    }
}
