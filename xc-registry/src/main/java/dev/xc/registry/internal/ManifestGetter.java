package dev.xc.registry.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;
import dev.xc.registry.Manifest;
import dev.xc.registry.MediaTypes;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v2/<name>/manifests/<reference>} with the OCI and Docker {@code Accept} list. The bytes are checked
 * against the digest asked for, or, for a tag, against the {@code Docker-Content-Digest} the registry sends.
 */
public record ManifestGetter(Registry registry, ImageReference reference) implements RegistryEndpoint<Manifest> {

    /** Manifests larger than this are refused (the distribution specification suggests 4 MiB). */
    public static final int MAX_MANIFEST = 4 * 1024 * 1024;

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public URI uri() {
        return registry.uri("/v2/" + reference.repository() + "/manifests/" + reference.manifestReference());
    }

    @Override
    public List<String> accept() {
        return MediaTypes.MANIFEST_ACCEPT;
    }

    @Override
    public List<String> scopes() {
        return Scopes.pull(reference.repository());
    }

    @Override
    public String describe() {
        return "pull manifest " + reference;
    }

    @Override
    public Manifest handle(ClassicHttpResponse response, URI uri) throws IOException {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            throw XcException.of(ErrorCode.MALFORMED_CONTENT, "registry " + registry.server()
                    + " sent an empty manifest for " + reference, "report it to the registry's operator");
        }
        byte[] bytes;
        try (InputStream in = entity.getContent()) {
            bytes = in.readNBytes(MAX_MANIFEST + 1);
        }
        if (bytes.length > MAX_MANIFEST) {
            throw XcException.of(ErrorCode.MALFORMED_CONTENT, "the manifest of " + reference + " is larger than "
                    + MAX_MANIFEST + " bytes", "such manifests are not images xc can run");
        }
        Optional<Digest> expected = reference.digest();
        if (expected.isEmpty()) {
            Header h = response.getFirstHeader("Docker-Content-Digest");
            if (h != null) {
                try {
                    expected = Optional.of(Digest.parse(h.getValue().trim()));
                } catch (XcException ignored) {
                    // a header we cannot read proves nothing; the sha256 of the bytes names the manifest
                }
            }
        }
        Optional<String> contentType = Optional.ofNullable(entity.getContentType());
        return Manifest.parse(bytes, contentType, expected);
    }
}
