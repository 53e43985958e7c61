package dev.xc.registry.internal;

import dev.xc.api.image.Digest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.net.URIBuilder;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/**
 * {@code PUT <location>?digest=<digest>}: finishes an upload, with the whole blob as body (monolithic) or none
 * (after chunks). The registry verifies the digest before it commits.
 */
public record UploadCommitter(Registry registry, String repository, Digest digest, URI location,
                              EntitySupplier body) implements RegistryEndpoint<Boolean> {

    /** Makes the body anew for each attempt. */
    @FunctionalInterface
    public interface EntitySupplier {
        Optional<HttpEntity> get() throws IOException;
    }

    @Override
    public String method() {
        return "PUT";
    }

    @Override
    public URI uri() {
        try {
            return new URIBuilder(location).addParameter("digest", digest.toString()).build();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<HttpEntity> entity() throws IOException {
        return body.get();
    }

    @Override
    public List<String> scopes() {
        return Scopes.push(repository);
    }

    @Override
    public String describe() {
        return "commit blob " + digest + " to " + registry.server() + "/" + repository;
    }

    @Override
    public Boolean handle(ClassicHttpResponse response, URI uri) {
        EntityUtils.consumeQuietly(response.getEntity());
        return Boolean.TRUE;
    }
}
