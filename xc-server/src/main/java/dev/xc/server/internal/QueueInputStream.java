package dev.xc.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/** Standard input of an exec fed by the frames that arrive: blocks until bytes or the end arrive. */
final class QueueInputStream extends InputStream {

    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private byte[] chunk = new byte[0];
    private int pos;
    private boolean eof;

    void offer(byte[] bytes) {
        if (bytes.length > 0) {
            queue.add(bytes);
        }
    }

    void end() {
        queue.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!eof && pos >= chunk.length) {
            try {
                byte[] next = queue.take();
                if (next == END) {
                    eof = true;
                } else {
                    chunk = next;
                    pos = 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for input");
            }
        }
        if (pos >= chunk.length) {
            return -1;
        }
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos += n;
        return n;
    }
}
