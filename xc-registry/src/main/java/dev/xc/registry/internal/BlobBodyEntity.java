package dev.xc.registry.internal;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The body of a blob upload: a stream of known length sent in 1 MiB writes (the library's stream entity writes 4 KiB
 * at a time, which costs a socket write, a digest update and a progress report per 4 KiB). Not repeatable: an
 * attempt makes a new one. Not thread-safe.
 */
final class BlobBodyEntity extends AbstractHttpEntity {

    private static final int BUFFER = 1 << 20;

    private final InputStream in;
    private final long length;

    BlobBodyEntity(InputStream in, long length) {
        super(ContentType.APPLICATION_OCTET_STREAM, null);
        this.in = in;
        this.length = length;
    }

    @Override
    public boolean isRepeatable() {
        return false;
    }

    @Override
    public long getContentLength() {
        return length;
    }

    @Override
    public InputStream getContent() {
        return in;
    }

    @Override
    public boolean isStreaming() {
        return true;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        byte[] buf = new byte[(int) Math.min(BUFFER, Math.max(length, 1))];
        try (InputStream src = in) {
            long left = length;
            while (left > 0) {
                int n = src.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break; // shorter than declared: the caller's digest check reports it
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
