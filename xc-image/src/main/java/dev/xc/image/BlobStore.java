package dev.xc.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A content-addressed store of blobs under a directory, laid out like an OCI image layout:
 * {@code <root>/blobs/<algorithm>/<hex>}, with writes in progress under {@code <root>/tmp/}.
 *
 * <p>Guarantees: a blob becomes visible only complete and verified. A write goes to a temporary file, is digested as
 * it is written, checked against the expected digest, {@code fsync}'d, atomically renamed into place, and the
 * directory is synced; a reader therefore never sees a partial blob. Concurrent {@link #fetch} calls for the same
 * digest share one download. {@link #gc} removes the blobs not in a given set.
 *
 * <p>{@snippet :
 * BlobStore blobs = BlobStore.open(Path.of("/var/cache/xc"));
 * Path p = blobs.fetch(digest, () -> registry.openBlob(digest));   // downloads once, verifies, stores
 * }
 *
 * <p>Thread-safe; several processes may share a directory (renames are atomic; the same content may be
 * downloaded twice by two processes, never corrupted).
 */
public final class BlobStore {

    private final Path root;
    private final Path blobs;
    private final Path tmp;
    private final ConcurrentHashMap<Digest, CompletableFuture<Path>> inFlight = new ConcurrentHashMap<>();

    private BlobStore(Path root) {
        this.root = root;
        this.blobs = root.resolve("blobs");
        this.tmp = root.resolve("tmp");
    }

    /**
     * Opens (creating when needed) a store rooted at {@code root}. Temporary files left by a crash are removed.
     *
     * @throws XcException {@link ErrorCode#IO_ERROR} when the directory cannot be created
     */
    public static BlobStore open(Path root) {
        BlobStore s = new BlobStore(root);
        try {
            Files.createDirectories(s.blobs.resolve(Digest.SHA256));
            Files.createDirectories(s.blobs.resolve(Digest.SHA512));
            Files.createDirectories(s.tmp);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(s.tmp)) {
                for (Path p : ds) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw io("cannot open the blob store at " + root, e);
        }
        return s;
    }

    /** The directory this store lives in. */
    public Path root() {
        return root;
    }

    /** Where the blob {@code d} is (or would be) stored. */
    public Path pathOf(Digest d) {
        return blobs.resolve(d.algorithm()).resolve(d.hex());
    }

    /** Whether the blob is stored. */
    public boolean contains(Digest d) {
        return Files.isRegularFile(pathOf(d));
    }

    /** The stored file of a blob, when present. */
    public Optional<Path> path(Digest d) {
        Path p = pathOf(d);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** The size of a stored blob. */
    public long size(Digest d) {
        try {
            return Files.size(pathOf(d));
        } catch (NoSuchFileException e) {
            throw notFound(d);
        } catch (IOException e) {
            throw io("cannot read blob " + d, e);
        }
    }

    /**
     * Opens a stored blob for reading.
     *
     * @throws XcException {@link ErrorCode#BLOB_NOT_FOUND} when it is not stored
     */
    public InputStream open(Digest d) {
        try {
            return Files.newInputStream(pathOf(d));
        } catch (NoSuchFileException e) {
            throw notFound(d);
        } catch (IOException e) {
            throw io("cannot read blob " + d, e);
        }
    }

    /** Reads a whole stored blob (manifests, configs). */
    public byte[] read(Digest d) {
        try (InputStream in = open(d)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw io("cannot read blob " + d, e);
        }
    }

    /** Stores {@code bytes} under their sha256 digest and returns it. Idempotent. */
    public Digest put(byte[] bytes) {
        Digest d = Digest.sha256(bytes);
        put(d, new java.io.ByteArrayInputStream(bytes));
        return d;
    }

    /**
     * Stores the content of {@code in}, which must have digest {@code expected}; returns the stored file. When the
     * blob is already stored, the stream is not read.
     *
     * @throws XcException {@link ErrorCode#DIGEST_MISMATCH} when the content does not match (nothing is stored)
     */
    public Path put(Digest expected, InputStream in) {
        Path target = pathOf(expected);
        if (Files.isRegularFile(target)) {
            return target;
        }
        try (Writer w = writer(expected)) {
            in.transferTo(w);
            return w.commit();
        } catch (IOException e) {
            throw io("cannot store blob " + expected, e);
        }
    }

    /**
     * Stores the blob {@code d}, opening it with {@code source} only when it is not stored yet. Concurrent calls
     * for the same digest share one download: the others wait for it and get its result (or its error).
     */
    public Path fetch(Digest d, LayerSource.Opener source) {
        Optional<Path> have = path(d);
        if (have.isPresent()) {
            return have.get();
        }
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = inFlight.putIfAbsent(d, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw io("cannot fetch blob " + d, e.getCause());
            }
        }
        try {
            Path p;
            try (InputStream in = source.open()) {
                p = put(d, in);
            } catch (IOException e) {
                throw XcException.of(ErrorCode.IO_ERROR, "cannot fetch blob " + d + ": " + e.getMessage(),
                        "check the connection to the registry and try again", e);
            }
            mine.complete(p);
            return p;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(d, mine);
        }
    }

    /**
     * A streaming writer for the blob {@code expected}: bytes are written to a temporary file and digested;
     * {@link Writer#commit()} verifies, syncs and publishes. Closing without commit discards. A download is unpacked
     * while it is stored by giving the unpacker {@link Writer#follow()}.
     */
    public Writer writer(Digest expected) {
        Objects.requireNonNull(expected, "expected");
        try {
            return new Writer(expected, tmp.resolve(expected.hex().substring(0, 16) + "-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw io("cannot start writing blob " + expected, e);
        }
    }

    /** Every stored digest. */
    public List<Digest> list() {
        List<Digest> out = new ArrayList<>();
        for (String alg : List.of(Digest.SHA256, Digest.SHA512)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(blobs.resolve(alg))) {
                for (Path p : ds) {
                    try {
                        out.add(new Digest(alg, p.getFileName().toString()));
                    } catch (XcException ignored) {
                        // not a blob name: leave it alone
                    }
                }
            } catch (IOException e) {
                throw io("cannot list the blob store", e);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Deletes every stored blob whose digest is not in {@code keep} and returns the deleted digests. Blobs being
     * written at the same time are not affected (they are not visible yet); a blob published while gc runs is kept
     * only if it is in {@code keep}, so callers hold off pulls or compute {@code keep} under their own lock.
     */
    public List<Digest> gc(Set<Digest> keep) {
        List<Digest> removed = new ArrayList<>();
        for (Digest d : list()) {
            if (!keep.contains(d) && !inFlight.containsKey(d)) {
                try {
                    if (Files.deleteIfExists(pathOf(d))) {
                        removed.add(d);
                    }
                } catch (IOException e) {
                    throw io("cannot delete blob " + d, e);
                }
            }
        }
        return removed;
    }

    /** Deletes one blob; idempotent. */
    public boolean delete(Digest d) {
        try {
            return Files.deleteIfExists(pathOf(d));
        } catch (IOException e) {
            throw io("cannot delete blob " + d, e);
        }
    }

    /**
     * An output stream into the store for one blob. Not thread-safe: one thread writes. {@link #commit()} publishes;
     * {@link #close()} without commit discards the temporary file. {@link #follow()} gives other threads the bytes
     * while they are being written.
     */
    public final class Writer extends OutputStream {
        private static final long ANNOUNCE = 1 << 20;
        private final Digest expected;
        private final Path temp;
        private final FileChannel channel;
        private final MessageDigest md;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 17);
        private long size;
        private boolean done;
        // what followers may read: the bytes in the file so far, and how the writing ended
        private final Object progress = new Object();
        private long flushed;
        private long announced;
        private boolean committed;
        private boolean discarded;
        private Throwable why;

        private Writer(Digest expected, Path temp) throws IOException {
            this.expected = expected;
            this.temp = temp;
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.md = expected.newMessageDigest();
        }

        /** Bytes written so far. */
        public long size() {
            return size;
        }

        /**
         * A stream of this blob's bytes as they are written, read back from the temporary file (so the writer never
         * waits for it and it holds nothing in memory): a read waits while it has caught up with the writer, the
         * stream ends when the writer commits, and a read fails with an {@link IOException} once the writer is
         * closed without commit (a failed download, a digest mismatch). Call it before writing ends; any number of
         * followers may read, each from its own thread.
         *
         * @throws XcException {@link ErrorCode#IO_ERROR} when the writer has finished or the file cannot be opened
         */
        public InputStream follow() {
            synchronized (progress) {
                if (committed || discarded) {
                    throw XcException.of(ErrorCode.IO_ERROR, "the blob writer for " + expected
                            + " has finished; follow it before writing ends", "open the stored blob instead");
                }
            }
            try {
                return new Follower(FileChannel.open(temp, StandardOpenOption.READ));
            } catch (IOException e) {
                throw io("cannot follow the blob being written to " + temp, e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            md.update(b, off, len);
            size += len;
            while (len > 0) {
                int k = Math.min(len, buf.remaining());
                buf.put(b, off, k);
                off += k;
                len -= k;
                if (!buf.hasRemaining()) {
                    flushBuffer();
                }
            }
        }

        private void flushBuffer() throws IOException {
            buf.flip();
            long n = buf.remaining();
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            buf.clear();
            synchronized (progress) {
                flushed += n; // what is in the file; size also counts what a write call has not buffered yet
                if (flushed - announced >= ANNOUNCE) {
                    announced = flushed;
                    progress.notifyAll(); // followers wake once a MiB, not at every buffer
                }
            }
        }

        private void ended(boolean ok) {
            synchronized (progress) {
                committed = ok;
                discarded = !ok;
                progress.notifyAll();
            }
        }

        /**
         * Verifies the digest, syncs and publishes the blob; returns its path.
         *
         * @throws XcException {@link ErrorCode#DIGEST_MISMATCH} when the bytes do not match (the file is discarded)
         */
        public Path commit() {
            if (done) {
                throw new IllegalStateException("blob writer for " + expected + " already finished");
            }
            try {
                flushBuffer();
                String got = HexFormat.of().formatHex(md.digest());
                if (!got.equals(expected.hex())) {
                    throw XcException.of(ErrorCode.DIGEST_MISMATCH, "blob " + expected + " has digest "
                            + expected.algorithm() + ":" + got + " (" + size + " bytes); it was not stored",
                            "the download is corrupt or was tampered with; try again");
                }
                channel.force(true);
                channel.close();
                Path target = pathOf(expected);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                syncDirectory(target.getParent());
                done = true;
                ended(true);
                return target;
            } catch (IOException e) {
                throw io("cannot store blob " + expected, e);
            } finally {
                if (!done) {
                    close();
                }
            }
        }

        /**
         * Discards the blob as {@link #close()} does, and gives its followers {@code cause} (a failed download: they
         * fail with an {@link IOException} whose cause it is).
         */
        public void abort(Throwable cause) {
            synchronized (progress) {
                if (why == null) {
                    why = cause;
                }
            }
            close();
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            ended(false);
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                throw io("cannot discard a partial blob " + temp, e);
            }
        }

        /** One follower: reads the temporary file up to what the writer has flushed. */
        private final class Follower extends InputStream {
            private final FileChannel in;
            private long position;

            Follower(FileChannel in) {
                this.in = in;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                long available;
                synchronized (progress) {
                    while (position >= flushed && !committed && !discarded) {
                        try {
                            progress.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException("interrupted while following blob " + expected);
                        }
                    }
                    if (discarded) {
                        throw new IOException("the download of blob " + expected + " failed"
                                + (why == null ? "" : ": " + why.getMessage()) + "; nothing of it is kept", why);
                    }
                    available = flushed - position;
                }
                if (available <= 0) {
                    return -1; // committed and read to the end
                }
                int n = in.read(ByteBuffer.wrap(b, off, (int) Math.min(len, available)), position);
                if (n < 0) {
                    throw new IOException("blob " + expected + " ended at " + position + " bytes, before the "
                            + flushed + " written");
                }
                position += n;
                return n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel fc = FileChannel.open(dir, StandardOpenOption.READ)) {
            fc.force(true);
        } catch (IOException ignored) {
            // not every file system lets a directory be opened for sync; the rename is still atomic
        }
    }

    private static XcException notFound(Digest d) {
        return XcException.of(ErrorCode.BLOB_NOT_FOUND, "blob " + d + " is not in the blob store",
                "pull the image again to fetch it");
    }

    private static XcException io(String what, Throwable e) {
        return XcException.of(ErrorCode.IO_ERROR, what + ": " + e.getMessage(),
                "check free space and permissions of the blob store directory", e);
    }
}
