package dev.xc.testkit.image;

import dev.xc.api.spi.LayerWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A {@link LayerWriter} over plain directories with a storage backend's commit-or-discard behaviour: the writer's
 * root is a copy of {@code target} (directories, files, symlinks, owners, modes); {@link #commit()} replaces
 * {@code target} with it, {@link #close()} without commit deletes the copy, leaving {@code target} exactly as it was.
 * FIFOs and device nodes in {@code target} are not copied. Not thread-safe.
 */
public final class CopyingLayerWriter implements LayerWriter {

    private final Path target;
    private final Path staging;
    private boolean finished;

    /** Copies {@code target} (which may be missing: an empty root) into {@code staging}, which must not exist. */
    public CopyingLayerWriter(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                copyTree(target, staging);
            } else {
                Files.createDirectories(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Path root() {
        return staging;
    }

    @Override
    public void commit() {
        if (finished) {
            throw new IllegalStateException("layer writer already finished");
        }
        try {
            delete(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finished = true;
    }

    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            delete(staging);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@link #commit()} or {@link #close()} has run. */
    public boolean finished() {
        return finished;
    }

    /** Deletes a tree without following symlinks; idempotent. */
    public static void delete(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path d = to.resolve(from.relativize(dir).toString());
                Files.copy(dir, d, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                owner(dir, d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isOther()) {
                    return FileVisitResult.CONTINUE;
                }
                Path f = to.resolve(from.relativize(file).toString());
                Files.copy(file, f, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                owner(file, f);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void owner(Path from, Path to) throws IOException {
        try {
            Object uid = Files.getAttribute(from, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Object gid = Files.getAttribute(from, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(to, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(to, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not root: ownership stays the caller's
        }
    }
}
