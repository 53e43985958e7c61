package dev.xc.registry;

import dev.xc.api.image.Digest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Where a downloaded blob goes. The client streams the blob from the socket through a digest check into {@link
 * #write}; after the last byte it calls {@link #commit} if the digest matched, or {@link #abort} if it did not (or the
 * download failed for good). Only a committed blob may be used downstream: a sink that unpacks while downloading must
 * keep its output invisible until {@code commit}.
 *
 * <p>An interrupted download is resumed with an HTTP {@code Range} request; the sink never sees a byte twice or out of
 * order. Calls come from one thread at a time; exactly one of {@code commit} and {@code abort} is called last.
 */
public interface BlobSink {

    /** Receives the next {@code len} bytes of the blob. */
    void write(byte[] buffer, int offset, int length) throws IOException;

    /** All bytes arrived and matched {@code verified}: make the result visible. */
    void commit(Digest verified) throws IOException;

    /** The blob is not valid or could not be fetched: discard everything written. Must not throw. */
    void abort(Throwable cause);

    /**
     * A sink writing into {@code out}; {@code commit} flushes it and {@code abort} does nothing, so the caller must
     * discard what {@code out} received when the pull throws. The stream is not closed.
     */
    static BlobSink of(OutputStream out) {
        Objects.requireNonNull(out, "out");
        return new BlobSink() {
            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length);
            }

            @Override
            public void commit(Digest verified) throws IOException {
                out.flush();
            }

            @Override
            public void abort(Throwable cause) {
            }
        };
    }

    /**
     * A sink writing {@code target}: bytes go to a temporary file beside it, which {@code commit} moves into place
     * atomically and {@code abort} deletes, so a blob that fails verification leaves nothing behind.
     */
    static BlobSink toFile(Path target) {
        Objects.requireNonNull(target, "target");
        return new BlobSink() {
            private Path temp;
            private OutputStream out;

            private OutputStream out() throws IOException {
                if (out == null) {
                    Path dir = target.toAbsolutePath().getParent();
                    Files.createDirectories(dir);
                    temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".partial");
                    out = Files.newOutputStream(temp);
                }
                return out;
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                out().write(buffer, offset, length);
            }

            @Override
            public void commit(Digest verified) throws IOException {
                out().close();
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }

            @Override
            public void abort(Throwable cause) {
                try {
                    if (out != null) {
                        out.close();
                    }
                    if (temp != null) {
                        Files.deleteIfExists(temp);
                    }
                } catch (IOException e) {
                    cause.addSuppressed(e);
                }
            }
        };
    }
}
