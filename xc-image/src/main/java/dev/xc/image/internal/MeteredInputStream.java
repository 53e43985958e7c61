package dev.xc.image.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Counts and digests the bytes that pass through, and fails once more than {@code limit} bytes have passed
 * (the guard against decompression bombs). {@code skip} reads, so skipped bytes are digested too.
 */
public final class MeteredInputStream extends FilterInputStream {

    private final MessageDigest digest;
    private final long limit;
    private final Runnable onLimit;
    private long count;

    /** {@code onLimit} throws the error to report when the limit is passed. */
    public MeteredInputStream(InputStream in, MessageDigest digest, long limit, Runnable onLimit) {
        super(in);
        this.digest = digest;
        this.limit = limit;
        this.onLimit = onLimit;
    }

    public long count() {
        return count;
    }

    public MessageDigest digest() {
        return digest;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            digest.update((byte) b);
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] tmp = new byte[(int) Math.min(n, 65536)];
        long done = 0;
        while (done < n) {
            int r = read(tmp, 0, (int) Math.min(tmp.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads and digests everything left. */
    public void drain() throws IOException {
        byte[] tmp = new byte[1 << 16];
        while (read(tmp, 0, tmp.length) >= 0) {
            // digesting
        }
    }

    private void advance(int n) {
        count += n;
        if (count > limit) {
            onLimit.run();
        }
    }
}
