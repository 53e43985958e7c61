package dev.xc.registry.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.image.Digest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** {@code HEAD /v2/<name>/blobs/<digest>}: the blob's size when the registry has it, empty on 404. */
public record BlobChecker(Registry registry, String repository, Digest digest, List<String> scopes)
        implements RegistryEndpoint<Optional<Long>> {

    @Override
    public String method() {
        return "HEAD";
    }

    @Override
    public URI uri() {
        return registry.uri("/v2/" + repository + "/blobs/" + digest);
    }

    @Override
    public String describe() {
        return "check blob " + digest.shortHex() + " in " + registry.server() + "/" + repository;
    }

    @Override
    public ErrorCode notFoundCode() {
        return ErrorCode.BLOB_NOT_FOUND;
    }

    @Override
    public Optional<Long> handle(ClassicHttpResponse response, URI uri) {
        Header h = response.getFirstHeader(HttpHeaders.CONTENT_LENGTH);
        long size = -1;
        if (h != null) {
            try {
                size = Long.parseLong(h.getValue().trim());
            } catch (NumberFormatException ignored) {
                size = -1;
            }
        }
        return Optional.of(size);
    }

    @Override
    public Optional<Optional<Long>> handleError(int status, List<RegistryError> errors) {
        return status == 404 ? Optional.of(Optional.empty()) : Optional.empty();
    }
}
