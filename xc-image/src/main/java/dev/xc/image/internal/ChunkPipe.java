package dev.xc.image.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pipe of byte chunks between one producer thread (a decompressor) and one consumer (the tar applier).
 * At most {@code capacity} chunks are buffered, so memory stays bounded however far the producer runs ahead. The
 * producer ends with {@link Sink#close()} or {@link #fail(Throwable)}; the consumer may {@link #cancel()} at any time,
 * which makes the producer's next write fail.
 */
public final class ChunkPipe {

    private static final Object EOF = new Object();

    private final BlockingQueue<Object> queue;
    /** Chunks the consumer has finished with, reused by the producer: the pipe allocates about capacity + 2 chunks. */
    private final BlockingQueue<byte[]> free;
    private final int chunkSize;
    private volatile boolean cancelled;

    public ChunkPipe(int capacity, int chunkSize) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.free = new ArrayBlockingQueue<>(capacity + 2);
        this.chunkSize = chunkSize;
    }

    /** Stops the pipe from the consumer's side; the producer's next write fails. */
    public void cancel() {
        cancelled = true;
        queue.clear();
    }

    /** Ends the stream with an error the consumer sees on its next read. */
    public void fail(Throwable t) {
        put(new Failure(t));
    }

    private record Failure(Throwable error) {
    }

    private boolean put(Object o) {
        try {
            while (!cancelled) {
                if (queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The producer's end. */
    public OutputStream sink() {
        return new Sink();
    }

    /** The consumer's end. */
    public InputStream source() {
        return new Source();
    }

    private final class Sink extends OutputStream {
        private byte[] buf = new byte[chunkSize];
        private int n;

        @Override
        public void write(int b) throws IOException {
            buf[n++] = (byte) b;
            if (n == buf.length) {
                flushChunk();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
                if (n == buf.length) {
                    flushChunk(); // hand a full chunk over at once, so data always precedes a later failure
                }
            }
        }

        private void flushChunk() throws IOException {
            if (n == 0) {
                return;
            }
            byte[] chunk = n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
            if (!put(chunk)) {
                throw new InterruptedIOException("the consumer stopped reading");
            }
            byte[] reused = free.poll();
            buf = reused != null ? reused : new byte[chunkSize];
            n = 0;
        }

        @Override
        public void close() throws IOException {
            flushChunk();
            if (!put(EOF)) {
                throw new InterruptedIOException("the consumer stopped reading");
            }
        }
    }

    private final class Source extends InputStream {
        private byte[] cur = new byte[0];
        private int pos;
        private boolean eof;

        private boolean fill() throws IOException {
            while (pos >= cur.length) {
                if (eof) {
                    return false;
                }
                Object o;
                try {
                    o = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading a layer");
                }
                if (o == EOF) {
                    eof = true;
                    return false;
                }
                if (o instanceof Failure f) {
                    eof = true;
                    if (f.error() instanceof IOException io) {
                        throw io;
                    }
                    if (f.error() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IOException(f.error());
                }
                if (cur.length == chunkSize) {
                    free.offer(cur); // fully read: the producer may fill it again
                }
                cur = (byte[]) o;
                pos = 0;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? cur[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int k = Math.min(len, cur.length - pos);
            System.arraycopy(cur, pos, b, off, k);
            pos += k;
            return k;
        }
    }
}
