package dev.xc.registry.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code PATCH <location>} with one chunk and {@code Content-Range: start-end}; returns the next location. */
public record UploadChunkWriter(Registry registry, String repository, Digest digest, URI uri, byte[] chunk,
                                int length, long offset) implements RegistryEndpoint<URI> {

    @Override
    public String method() {
        return "PATCH";
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Content-Range", offset + "-" + (offset + length - 1));
    }

    @Override
    public Optional<HttpEntity> entity() {
        return Optional.of(new ByteArrayEntity(chunk, 0, length, ContentType.APPLICATION_OCTET_STREAM));
    }

    @Override
    public List<String> scopes() {
        return Scopes.push(repository);
    }

    @Override
    public String describe() {
        return "upload bytes " + offset + "-" + (offset + length - 1) + " of blob " + digest + " to "
                + registry.server() + "/" + repository;
    }

    @Override
    public URI handle(ClassicHttpResponse response, URI from) {
        EntityUtils.consumeQuietly(response.getEntity());
        Header location = response.getFirstHeader(HttpHeaders.LOCATION);
        if (location == null) {
            throw XcException.of(ErrorCode.REGISTRY_ERROR, "cannot " + describe() + ": no Location in the answer",
                    "report it to the registry's operator");
        }
        return from.resolve(location.getValue());
    }
}
