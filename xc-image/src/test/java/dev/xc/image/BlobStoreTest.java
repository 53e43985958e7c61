package dev.xc.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlobStoreTest {

    @TempDir
    Path tmp;

    private static final byte[] HELLO = "hello blob".getBytes(StandardCharsets.UTF_8);

    @Test
    void putAndReadBack() {
        BlobStore s = BlobStore.open(tmp);
        Digest d = s.put(HELLO);
        assertEquals(Digest.sha256(HELLO), d);
        assertTrue(s.contains(d));
        assertArrayEquals(HELLO, s.read(d));
        assertEquals(HELLO.length, s.size(d));
        assertEquals(tmp.resolve("blobs/sha256/" + d.hex()), s.pathOf(d));
        assertEquals(List.of(d), s.list());
    }

    @Test
    void mismatchStoresNothing() throws IOException {
        BlobStore s = BlobStore.open(tmp);
        Digest wrong = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
        XcException x = assertThrows(XcException.class, () -> s.put(wrong, new ByteArrayInputStream(HELLO)));
        assertEquals(ErrorCode.DIGEST_MISMATCH, x.code());
        assertEquals("blob " + wrong + " has digest " + Digest.sha256(HELLO) + " (10 bytes); it was not stored",
                x.getMessage());
        assertFalse(s.contains(wrong));
        try (var l = Files.list(tmp.resolve("tmp"))) {
            assertEquals(0, l.count(), "no temporary file left");
        }
    }

    @Test
    void missingBlobIsNotFound() {
        BlobStore s = BlobStore.open(tmp);
        XcException x = assertThrows(XcException.class, () -> s.open(Digest.sha256(HELLO)));
        assertEquals(ErrorCode.BLOB_NOT_FOUND, x.code());
    }

    @Test
    void aReaderNeverSeesAPartialBlob() throws IOException {
        BlobStore s = BlobStore.open(tmp);
        Digest d = Digest.sha256(HELLO);
        try (BlobStore.Writer w = s.writer(d)) {
            w.write(HELLO, 0, 4);
            assertFalse(s.contains(d), "not visible while being written");
            w.write(HELLO, 4, HELLO.length - 4);
            assertFalse(s.contains(d), "not visible before commit");
            w.commit();
        }
        assertArrayEquals(HELLO, s.read(d));
    }

    @Test
    void closingWithoutCommitDiscards() throws IOException {
        BlobStore s = BlobStore.open(tmp);
        Digest d = Digest.sha256(HELLO);
        try (BlobStore.Writer w = s.writer(d)) {
            w.write(HELLO);
        }
        assertFalse(s.contains(d));
        try (var l = Files.list(tmp.resolve("tmp"))) {
            assertEquals(0, l.count());
        }
    }

    @Test
    void concurrentFetchesShareOneDownload() throws Exception {
        BlobStore s = BlobStore.open(tmp);
        byte[] big = new byte[1 << 20];
        new java.util.Random(1).nextBytes(big);
        Digest d = Digest.sha256(big);
        AtomicInteger opens = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LayerSource.Opener slow = () -> {
            opens.incrementAndGet();
            started.countDown();
            return new InputStream() {
                final InputStream in = new ByteArrayInputStream(big);

                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    return in.read(b, off, len);
                }
            };
        };
        ExecutorService ex = Executors.newFixedThreadPool(8);
        try {
            List<Future<Path>> fs = new ArrayList<>();
            fs.add(ex.submit(() -> s.fetch(d, slow)));
            started.await();
            for (int i = 0; i < 7; i++) {
                fs.add(ex.submit(() -> s.fetch(d, slow)));
            }
            Thread.sleep(100);
            release.countDown();
            for (Future<Path> f : fs) {
                assertEquals(s.pathOf(d), f.get());
            }
        } finally {
            ex.shutdownNow();
        }
        assertEquals(1, opens.get(), "one download for eight concurrent fetches");
        assertArrayEquals(big, s.read(d));
    }

    @Test
    void gcRemovesUnreferencedBlobs() {
        BlobStore s = BlobStore.open(tmp);
        Digest a = s.put("a".getBytes(StandardCharsets.UTF_8));
        Digest b = s.put("b".getBytes(StandardCharsets.UTF_8));
        Digest c = s.put("c".getBytes(StandardCharsets.UTF_8));
        List<Digest> removed = s.gc(Set.of(b));
        assertEquals(List.of(a, c).stream().sorted().toList(), removed);
        assertEquals(List.of(b), s.list());
    }

    @Test
    void leftoverTemporaryFilesAreCleanedOnOpen() throws IOException {
        BlobStore.open(tmp);
        Files.writeString(tmp.resolve("tmp/partial"), "half");
        BlobStore.open(tmp);
        try (var l = Files.list(tmp.resolve("tmp"))) {
            assertEquals(0, l.count());
        }
    }
    // ---- following a blob while it is written ----------------------------------------------------------------

    @Test
    void aFollowerReadsWhatIsWrittenAndEndsOnlyAtTheCommit() throws Exception {
        BlobStore s = BlobStore.open(tmp);
        byte[] blob = new byte[1 << 20];
        new java.util.Random(7).nextBytes(blob);
        Digest d = Digest.sha256(blob);
        BlobStore.Writer w = s.writer(d);
        InputStream follower = w.follow();
        int half = blob.length / 2;
        w.write(blob, 0, half);
        // the follower gets the first half (what the writer has flushed of it) while the writer is still open
        byte[] got = new byte[half];
        int n = follower.readNBytes(got, 0, 256 << 10);
        assertEquals(256 << 10, n);
        assertArrayEquals(java.util.Arrays.copyOf(blob, n), java.util.Arrays.copyOf(got, n));
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<byte[]> rest = reader.submit(() -> follower.readAllBytes());
            Thread.sleep(100);
            assertFalse(rest.isDone(), "the follower waits for more instead of ending");
            w.write(blob, half, blob.length - half);
            w.commit();
            byte[] all = new byte[blob.length];
            System.arraycopy(got, 0, all, 0, n);
            byte[] tail = rest.get(10, java.util.concurrent.TimeUnit.SECONDS);
            System.arraycopy(tail, 0, all, n, tail.length);
            assertEquals(blob.length, n + tail.length);
            assertArrayEquals(blob, all);
        } finally {
            reader.shutdownNow();
            follower.close();
        }
        assertTrue(s.contains(d));
    }

    @Test
    void aFollowerFailsWithTheCauseWhenTheWriterIsAborted() throws Exception {
        BlobStore s = BlobStore.open(tmp);
        Digest d = Digest.sha256(HELLO);
        BlobStore.Writer w = s.writer(d);
        try (InputStream follower = w.follow()) {
            ExecutorService reader = Executors.newSingleThreadExecutor();
            try {
                Future<byte[]> all = reader.submit(() -> follower.readAllBytes());
                w.write(HELLO, 0, 3);
                XcException cause = XcException.of(ErrorCode.REGISTRY_UNREACHABLE, "the registry went away", "retry");
                w.abort(cause);
                java.util.concurrent.ExecutionException x = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> all.get(10, java.util.concurrent.TimeUnit.SECONDS));
                assertTrue(x.getCause() instanceof IOException, x.getCause().toString());
                assertEquals(cause, x.getCause().getCause());
                assertTrue(x.getCause().getMessage().contains("the registry went away"), x.getCause().getMessage());
            } finally {
                reader.shutdownNow();
            }
        }
        assertFalse(s.contains(d));
        try (var l = Files.list(tmp.resolve("tmp"))) {
            assertEquals(0, l.count(), "the partial blob is discarded");
        }
    }

    @Test
    void aFinishedWriterCannotBeFollowed() throws IOException {
        BlobStore s = BlobStore.open(tmp);
        BlobStore.Writer w = s.writer(Digest.sha256(HELLO));
        w.write(HELLO, 0, HELLO.length);
        w.commit();
        XcException x = assertThrows(XcException.class, w::follow);
        assertEquals(ErrorCode.IO_ERROR, x.code());
    }
}
