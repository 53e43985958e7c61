package dev.xc.image.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A directory treated as a root the way {@code chroot} would: paths are resolved component by component without
 * letting the kernel follow any symlink. A symlink met in a parent position is followed by us, with an absolute
 * target read relative to the root (Docker images carry links such as {@code /var/run -> /run}); a relative target
 * that climbs above the root is an error. The last component of a path is never followed. Not thread-safe: one
 * layer is applied by one thread.
 */
public final class RootFs {

    private static final int MAX_LINKS = 40;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final Map<String, Path> dirCache = new HashMap<>();

    public RootFs(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    public Path root() {
        return root;
    }

    /** Attributes of {@code p} itself, or null when nothing is there. */
    public static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The real directory that {@code dir} (components relative to the root) names, creating missing directories
     * (mode 0755) when {@code create}; null when it is missing and {@code create} is false.
     */
    public Path directory(List<String> dir, String entry, boolean create) throws IOException {
        String key = EntryPath.join(dir);
        Path cached = dirCache.get(key);
        if (cached != null) {
            return cached;
        }
        Deque<String> todo = new ArrayDeque<>(dir);
        List<String> real = new ArrayList<>();
        Path cur = root;
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (real.isEmpty()) {
                    throw EntryPath.unsafe(entry, "a symlink on its path leads outside the root");
                }
                real.removeLast();
                cur = cur.getParent();
                continue;
            }
            Path next = cur.resolve(c);
            BasicFileAttributes at = lstat(next);
            if (at == null) {
                if (!create) {
                    return null;
                }
                Files.createDirectory(next);
                cur = next;
                real.add(c);
            } else if (at.isDirectory()) {
                cur = next;
                real.add(c);
            } else if (at.isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    throw EntryPath.unsafe(entry, "too many levels of symbolic links on its path");
                }
                String target = Files.readSymbolicLink(next).toString();
                if (target.startsWith("/")) {
                    real.clear();
                    cur = root;
                }
                String[] parts = target.split("/");
                for (int i = parts.length - 1; i >= 0; i--) {
                    todo.addFirst(parts[i]);
                }
            } else {
                real.add(c);
                throw EntryPath.unsafe(entry, "'" + EntryPath.join(real) + "' on its path is not a directory");
            }
        }
        dirCache.put(key, cur);
        return cur;
    }

    /** Forgets resolved directories; called whenever something that existed is removed or replaced. */
    public void invalidate() {
        dirCache.clear();
    }

    /** Removes {@code p} and, for a real directory, everything below it; symlinks are removed, never followed. */
    public void removeTree(Path p) throws IOException {
        invalidate();
        BasicFileAttributes at = lstat(p);
        if (at == null) {
            return;
        }
        if (!at.isDirectory()) {
            Files.delete(p);
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The names directly inside a real directory. */
    public static List<String> list(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                out.add(p.getFileName().toString());
            }
        }
        return out;
    }
}
