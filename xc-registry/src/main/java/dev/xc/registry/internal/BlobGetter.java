package dev.xc.registry.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.registry.BlobSink;
import dev.xc.registry.Descriptor;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v2/<name>/blobs/<digest>}, streamed: bytes go from the socket through the running digest into the
 * sink, never held whole. After an interruption it asks for the rest with {@code Range: bytes=N-}; a registry that
 * ignores the range sends everything again and the first {@code N} bytes are skipped. Returns whether the blob
 * arrived in full; the caller checks the digest and commits or aborts the sink.
 */
public final class BlobGetter implements RegistryEndpoint<Boolean> {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+([0-9]+)-([0-9]+)/([0-9]+|\\*)");

    /** What has arrived so far, kept across attempts. */
    public static final class Transfer {
        final MessageDigest digest;
        final BlobSink sink;
        final Events.Progress progress;
        final byte[] buffer = new byte[1 << 16];
        long received;

        public Transfer(MessageDigest digest, BlobSink sink, Events.Progress progress) {
            this.digest = digest;
            this.sink = sink;
            this.progress = progress;
        }

        public long received() {
            return received;
        }

        public byte[] digestValue() {
            return digest.digest();
        }
    }

    private final Registry registry;
    private final String repository;
    private final Descriptor blob;
    private final Transfer transfer;

    public BlobGetter(Registry registry, String repository, Descriptor blob, Transfer transfer) {
        this.registry = registry;
        this.repository = repository;
        this.blob = blob;
        this.transfer = transfer;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public URI uri() {
        return registry.uri("/v2/" + repository + "/blobs/" + blob.digest());
    }

    @Override
    public Map<String, String> headers() {
        return transfer.received > 0 ? Map.of("Range", "bytes=" + transfer.received + "-") : Map.of();
    }

    @Override
    public List<String> scopes() {
        return Scopes.pull(repository);
    }

    @Override
    public String describe() {
        return "pull blob " + blob.digest() + " from " + registry.server() + "/" + repository;
    }

    @Override
    public ErrorCode notFoundCode() {
        return ErrorCode.BLOB_NOT_FOUND;
    }

    @Override
    public Boolean handle(ClassicHttpResponse response, URI uri) throws IOException {
        long skip = 0;
        if (transfer.received > 0) {
            if (response.getCode() == 206) {
                Header h = response.getFirstHeader("Content-Range");
                Matcher m = h == null ? null : CONTENT_RANGE.matcher(h.getValue().trim());
                if (m == null || !m.matches()) {
                    throw XcException.of(ErrorCode.REGISTRY_ERROR, "cannot " + describe() + ": registry "
                            + registry.server() + " sent a partial answer without a valid Content-Range",
                            "report it to the registry's operator");
                }
                long start = Long.parseLong(m.group(1));
                if (start > transfer.received) {
                    throw XcException.of(ErrorCode.REGISTRY_ERROR, "cannot " + describe() + ": asked to resume at byte "
                            + transfer.received + " but the registry sent from byte " + start, "retry the pull");
                }
                skip = transfer.received - start;
            } else {
                skip = transfer.received; // the range was ignored: everything comes again
            }
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return transfer.received == blob.size();
        }
        InputStream in = entity.getContent();
        try {
            while (skip > 0) {
                long n = in.skip(skip);
                if (n <= 0) {
                    if (in.read() < 0) {
                        return false;
                    }
                    n = 1;
                }
                skip -= n;
            }
            byte[] buf = transfer.buffer;
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (n == 0) {
                    continue;
                }
                if (transfer.received + n > blob.size()) {
                    throw XcException.of(ErrorCode.DIGEST_MISMATCH, "blob " + blob.digest() + " from "
                                    + registry.server() + "/" + repository + " is longer than the " + blob.size()
                                    + " bytes its descriptor states; it was discarded",
                            "the registry or a proxy sent wrong content; retry, and report it if it persists");
                }
                transfer.digest.update(buf, 0, n);
                try {
                    transfer.sink.write(buf, 0, n);
                } catch (IOException e) {
                    throw XcException.of(ErrorCode.IO_ERROR, "cannot store blob " + blob.digest() + ": "
                            + e.getMessage(), "check free space and permissions where the image is stored", e);
                }
                transfer.received += n;
                transfer.progress.set(transfer.received);
            }
        } catch (IOException e) {
            return false; // interrupted: the caller resumes from transfer.received
        }
        return transfer.received == blob.size();
    }
}
