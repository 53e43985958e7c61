package dev.xc.registry.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;
import dev.xc.registry.Manifest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** {@code PUT /v2/<name>/manifests/<tag or digest>} with the manifest's own media type; returns its digest. */
public record ManifestPusher(Registry registry, ImageReference target, Manifest manifest)
        implements RegistryEndpoint<Digest> {

    @Override
    public String method() {
        return "PUT";
    }

    @Override
    public URI uri() {
        return registry.uri("/v2/" + target.repository() + "/manifests/" + target.manifestReference());
    }

    @Override
    public Optional<HttpEntity> entity() {
        return Optional.of(new ByteArrayEntity(manifest.bytes(), ContentType.create(manifest.mediaType())));
    }

    @Override
    public List<String> scopes() {
        return Scopes.push(target.repository());
    }

    @Override
    public String describe() {
        return "push manifest " + manifest.digest().shortHex() + " as " + target;
    }

    @Override
    public Digest handle(ClassicHttpResponse response, URI uri) {
        EntityUtils.consumeQuietly(response.getEntity());
        Header h = response.getFirstHeader("Docker-Content-Digest");
        if (h != null) {
            Digest theirs;
            try {
                theirs = Digest.parse(h.getValue().trim());
            } catch (XcException e) {
                return manifest.digest();
            }
            if (theirs.algorithm().equals(manifest.digest().algorithm()) && !theirs.equals(manifest.digest())) {
                throw XcException.of(ErrorCode.DIGEST_MISMATCH, "registry " + registry.server() + " stored manifest "
                        + manifest.digest() + " as " + theirs, "the registry rewrote the manifest; report it to its operator");
            }
        }
        return manifest.digest();
    }
}
