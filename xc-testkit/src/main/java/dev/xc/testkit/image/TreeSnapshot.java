package dev.xc.testkit.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A comparable picture of a directory tree: for every path (relative, {@code /}-separated, the root itself
 * excluded) its type, permission bits, owner, link target, content digest, hard-link count, device number,
 * {@code user.*} extended attributes and, when asked, its modification time. Symlinks are recorded, never followed.
 *
 * <p>{@snippet :
 * TreeSnapshot before = TreeSnapshot.of(root);
 * // ... something that must not change root ...
 * assertEquals(before, TreeSnapshot.of(root), before.diff(TreeSnapshot.of(root)));
 * }
 *
 * @param nodes every entry by relative path, in sorted order
 */
public record TreeSnapshot(SortedMap<String, Node> nodes) {

    /** One entry. {@code linkTarget} and {@code sha256} are empty strings when they do not apply. */
    public record Node(String type, int mode, int uid, int gid, String linkTarget, String sha256, long size,
                       int nlink, long rdev, Map<String, String> xattrs, long mtimeSeconds) {
        public Node {
            Objects.requireNonNull(type, "type");
            xattrs = Map.copyOf(new TreeMap<>(xattrs));
        }
    }

    public TreeSnapshot {
        nodes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
    }

    /** Snapshots {@code root} without modification times. */
    public static TreeSnapshot of(Path root) {
        return of(root, false);
    }

    /**
     * Snapshots {@code root}; with {@code mtimes}, the modification time of every entry that is not a directory is
     * recorded too (directory times change whenever an entry is added, so they are never compared).
     */
    public static TreeSnapshot of(Path root, boolean mtimes) {
        TreeMap<String, Node> out = new TreeMap<>();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return new TreeSnapshot(out);
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(root)) {
                        out.put(rel(root, dir), node(dir, mtimes));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    out.put(rel(root, file), node(file, mtimes));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TreeSnapshot(out);
    }

    /** A readable list of differences ({@code ""} when equal), for assertion messages. */
    public String diff(TreeSnapshot other) {
        List<String> lines = new ArrayList<>();
        TreeMap<String, Node> all = new TreeMap<>(nodes);
        all.putAll(other.nodes);
        for (String k : all.keySet()) {
            Node a = nodes.get(k);
            Node b = other.nodes.get(k);
            if (a == null) {
                lines.add("+ " + k + " " + b);
            } else if (b == null) {
                lines.add("- " + k + " " + a);
            } else if (!a.equals(b)) {
                lines.add("~ " + k + "\n    " + a + "\n    " + b);
            }
        }
        return String.join("\n", lines);
    }

    /** This snapshot without the paths {@code filter} rejects. */
    public TreeSnapshot filter(java.util.function.Predicate<String> keep) {
        TreeMap<String, Node> m = new TreeMap<>();
        nodes.forEach((k, v) -> {
            if (keep.test(k)) {
                m.put(k, v);
            }
        });
        return new TreeSnapshot(m);
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static Node node(Path p, boolean mtimes) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String type = switch (mode & 0170000) {
            case 0040000 -> "dir";
            case 0100000 -> "file";
            case 0120000 -> "symlink";
            case 0010000 -> "fifo";
            case 0020000 -> "chardev";
            case 0060000 -> "blockdev";
            default -> "other";
        };
        String link = type.equals("symlink") ? Files.readSymbolicLink(p).toString() : "";
        String sha = type.equals("file") ? sha256(p) : "";
        long size = type.equals("file") ? (Long) a.get("size") : 0;
        int nlink = type.equals("dir") ? 0 : (Integer) a.get("nlink");
        long rdev = type.endsWith("dev") ? (Long) a.get("rdev") : 0;
        Map<String, String> x = new TreeMap<>();
        if (type.equals("file") || type.equals("dir")) { // opening a FIFO or device to read xattrs would block
            UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (v != null) {
                try {
                    for (String name : v.list()) {
                        ByteBuffer bb = ByteBuffer.allocate(v.size(name));
                        v.read(name, bb);
                        bb.flip();
                        x.put("user." + name, StandardCharsets.UTF_8.decode(bb).toString());
                    }
                } catch (IOException | UnsupportedOperationException ignored) {
                    // file system without user xattrs
                }
            }
        }
        long mt = mtimes && !type.equals("dir")
                ? ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis() / 1000 : 0;
        return new Node(type, mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"), link, sha, size, nlink,
                rdev, x, mt);
    }

    private static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
