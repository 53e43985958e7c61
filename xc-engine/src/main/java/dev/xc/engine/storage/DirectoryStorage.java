package dev.xc.engine.storage;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.FileChange;
import dev.xc.api.spi.LayerWriter;
import dev.xc.api.spi.Storage;
import dev.xc.api.spi.StorageUsage;
import dev.xc.engine.internal.FileTrees;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Layer chains, container roots and volumes as directories under one root:
 * {@code layers/<chain hex>/} (committed, read-only by convention), {@code containers/<id>/},
 * {@code volumes/<name>/}, {@code meta/<id>.origin} (the chain a container root was copied from, for
 * {@link #diff}), and {@code tmp/} for layers being written. A layer is written into {@code tmp/} and renamed into
 * place on commit, so a crash never leaves a half-written chain visible.
 *
 * <p>Sharing: a child layer starts with its parent's regular files <em>hard-linked</em> (directories and symlinks are
 * created anew), which is safe because committed layers are never written and layer unpacking replaces files instead
 * of writing into them (see {@link LayerWriter}). A container root is a full, independent <em>copy</em>: processes in
 * a container write files in place, and a hard link would carry those writes into the image.
 *
 * <p>{@link #diff} walks the container root and the layer it was copied from and compares type, size, permissions,
 * modification time and symlink target (the rsync quick check); it never reports renames.
 *
 * <p>Thread-safe: each operation works on its own directory; commits are atomic renames.
 */
final class DirectoryStorage implements Storage {

    private final Path root;
    private final Path layers;
    private final Path containers;
    private final Path volumes;
    private final Path tmp;
    private final Path meta;

    DirectoryStorage(Path root) {
        this.root = root;
        this.layers = root.resolve("layers");
        this.containers = root.resolve("containers");
        this.volumes = root.resolve("volumes");
        this.tmp = root.resolve("tmp");
        this.meta = root.resolve("meta");
        try {
            for (Path p : List.of(layers, containers, volumes, tmp, meta)) {
                Files.createDirectories(p);
            }
            clean(tmp);
        } catch (IOException e) {
            throw io("prepare directory storage at " + root, e);
        }
    }

    @Override
    public boolean hasLayer(String chainId) {
        return Files.isDirectory(layerDir(chainId));
    }

    /**
     * False: every chain is a full tree of its own (directories and symlinks recreated, files hard-linked), so a pull
     * unpacks an image's layers into the top chain only.
     */
    @Override
    public boolean keepsIntermediateLayers() {
        return false;
    }

    @Override
    public LayerWriter beginLayer(String chainId, Optional<String> parentChainId) {
        Path target = layerDir(chainId);
        Path work = tmp.resolve("layer-" + UUID.randomUUID());
        try {
            if (parentChainId.isPresent()) {
                Path parent = layerDir(parentChainId.get());
                if (!Files.isDirectory(parent)) {
                    throw XcException.of(ErrorCode.BLOB_NOT_FOUND,
                            "parent layer chain " + parentChainId.get() + " is not stored",
                            "pull the image again so its lower layers are unpacked first");
                }
                linkTree(parent, work);
            } else {
                Files.createDirectories(work);
            }
        } catch (IOException e) {
            deleteTree(work);
            throw io("start layer " + chainId, e);
        }
        return new LayerWriter() {
            private boolean done;

            @Override
            public Path root() {
                return work;
            }

            @Override
            public synchronized void commit() {
                if (done) {
                    return;
                }
                try {
                    Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                    deleteTree(work); // someone else committed the same chain first: identical content
                } catch (IOException e) {
                    throw io("commit layer " + chainId, e);
                }
                done = true;
            }

            @Override
            public synchronized void close() {
                if (!done) {
                    deleteTree(work);
                    done = true;
                }
            }
        };
    }

    @Override
    public void removeLayer(String chainId) {
        Path dir = layerDir(chainId);
        if (!Files.exists(dir)) {
            return;
        }
        Path doomed = tmp.resolve("rm-" + UUID.randomUUID());
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw io("remove layer " + chainId, e);
        }
        deleteTree(doomed);
    }

    @Override
    public List<String> layers() {
        try (Stream<Path> s = Files.list(layers)) {
            return s.map(p -> "sha256:" + p.getFileName()).sorted().toList();
        } catch (IOException e) {
            throw io("list layers", e);
        }
    }

    @Override
    public Path createRootfs(String containerId, Optional<String> chainId) {
        Path dir = containers.resolve(safe(containerId, "container id"));
        if (Files.exists(dir)) {
            throw XcException.of(ErrorCode.NAME_IN_USE, "a root for container " + containerId + " already exists",
                    "remove the old container first");
        }
        Path work = tmp.resolve("root-" + UUID.randomUUID());
        try {
            if (chainId.isPresent()) {
                if (!hasLayer(chainId.get())) {
                    throw XcException.of(ErrorCode.IMAGE_NOT_FOUND, "layer chain " + chainId.get() + " is not stored",
                            "pull the image again");
                }
                copyTree(layerDir(chainId.get()), work);
            } else {
                Files.createDirectories(work);
            }
            Files.writeString(originFile(containerId), chainId.orElse(""));
            Files.move(work, dir, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        } catch (IOException e) {
            deleteTree(work);
            throw io("create the root of container " + containerId, e);
        }
    }

    @Override
    public void removeRootfs(String containerId) {
        Path dir = containers.resolve(safe(containerId, "container id"));
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Path doomed = tmp.resolve("rm-" + UUID.randomUUID());
            try {
                Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw io("remove the root of container " + containerId, e);
            }
            deleteTree(doomed);
        }
        try {
            Files.deleteIfExists(originFile(containerId));
        } catch (IOException e) {
            throw io("remove the root of container " + containerId, e);
        }
    }

    @Override
    public List<FileChange> diff(String containerId) {
        Path dir = containers.resolve(safe(containerId, "container id"));
        Path origin = originFile(containerId);
        if (!Files.isDirectory(dir) || !Files.exists(origin)) {
            throw XcException.of(ErrorCode.CONTAINER_NOT_FOUND, "container " + containerId + " has no root in "
                    + containers, "create the container first");
        }
        try {
            String chain = Files.readString(origin).strip();
            Map<String, TreeDiff.Entry> before = chain.isEmpty() ? Map.of() : TreeDiff.entries(layerDir(chain));
            return TreeDiff.compare(before, TreeDiff.entries(dir));
        } catch (IOException e) {
            throw io("compare the root of container " + containerId, e);
        }
    }

    private Path originFile(String containerId) {
        return meta.resolve(safe(containerId, "container id") + ".origin");
    }

    @Override
    public Path createVolume(String name, Map<String, String> hints) {
        Path dir = volumes.resolve(safe(name, "volume name"));
        try {
            Files.createDirectory(dir);
            return dir;
        } catch (FileAlreadyExistsException e) {
            throw XcException.of(ErrorCode.NAME_IN_USE, "volume '" + name + "' already exists",
                    "choose another name or remove the volume first");
        } catch (IOException e) {
            throw io("create volume " + name, e);
        }
    }

    @Override
    public void removeVolume(String name) {
        deleteTree(volumes.resolve(safe(name, "volume name")));
    }

    @Override
    public StorageUsage usage(String id) {
        Path p = id.startsWith("sha256:") ? layerDir(id) : containers.resolve(safe(id, "id"));
        if (!Files.exists(p)) {
            p = volumes.resolve(safe(id, "id"));
        }
        if (!Files.exists(p)) {
            throw XcException.of(ErrorCode.DATASET_NOT_FOUND,
                    "no layer chain, container root or volume named '" + id + "' in " + root,
                    "check the id with xc images, xc ps or xc volume list");
        }
        AtomicLong total = new AtomicLong();
        try {
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                    total.addAndGet(a.isRegularFile() ? a.size() : 0);
                    return FileVisitResult.CONTINUE;
                }
            });
            return new StorageUsage(total.get(), total.get(), Files.getFileStore(p).getUsableSpace());
        } catch (IOException e) {
            throw io("measure " + id, e);
        }
    }

    /** The storage root, for diagnostics. */
    Path root() {
        return root;
    }

    private Path layerDir(String chainId) {
        String hex = chainId.startsWith("sha256:") ? chainId.substring(7) : chainId;
        if (!hex.matches("[0-9a-f]{64}")) {
            throw XcException.invalid(ErrorCode.INVALID_DIGEST, "'" + chainId + "' is not a sha256 chain id",
                    "chain ids look like sha256:<64 hex digits>");
        }
        return layers.resolve(hex);
    }

    private static String safe(String name, String what) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}") || name.contains("..")) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "'" + name + "' is not a valid " + what,
                    "use letters, digits, '_', '.' and '-'");
        }
        return name;
    }

    /**
     * Recreates a tree's directories and symlinks and hard-links its regular files, falling back to a copy for a
     * file that cannot be linked (another file system, link limit).
     */
    static void linkTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                Path t = to.resolve(from.relativize(file).toString());
                if (a.isRegularFile()) {
                    try {
                        Files.createLink(t, file);
                        return FileVisitResult.CONTINUE;
                    } catch (IOException | UnsupportedOperationException e) {
                        // copy below
                    }
                }
                Files.copy(file, t, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Path t = to.resolve(from.relativize(dir).toString());
                Files.setPosixFilePermissions(t, Files.getPosixFilePermissions(dir));
                Files.setLastModifiedTime(t, Files.getLastModifiedTime(dir));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Copies a tree, keeping symlinks as links and hard-linking nothing (the copy must be independent). */
    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                Path t = to.resolve(from.relativize(dir).toString());
                Files.createDirectories(t);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                Path t = to.resolve(from.relativize(file).toString());
                Files.copy(file, t, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Path t = to.resolve(from.relativize(dir).toString());
                Files.setPosixFilePermissions(t, Files.getPosixFilePermissions(dir));
                Files.setLastModifiedTime(t, Files.getLastModifiedTime(dir));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path p) {
        try {
            FileTrees.delete(p);
        } catch (IOException e) {
            throw io("delete " + p, e);
        }
    }

    private static void clean(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(children::add);
        }
        children.forEach(DirectoryStorage::deleteTree);
    }

    private static XcException io(String what, IOException e) {
        return XcException.of(ErrorCode.IO_ERROR, "cannot " + what + ": " + e.getMessage(),
                "check free space and permissions of the storage directory", e);
    }
}
