package dev.xc.registry.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.net.URIBuilder;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /v2/<name>/blobs/uploads/}, optionally with {@code ?mount=<digest>&from=<repository>}: either the
 * blob is mounted from the other repository (201), or an upload session starts at the returned {@code Location}.
 */
public record UploadStarter(Registry registry, String repository, Digest digest, Optional<String> mountFrom)
        implements RegistryEndpoint<UploadStarter.Started> {

    /** Mounted, or the upload session's location. */
    public record Started(boolean mounted, Optional<URI> location) {
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public URI uri() {
        try {
            URIBuilder b = new URIBuilder(registry.uri("/v2/" + repository + "/blobs/uploads/"));
            mountFrom.ifPresent(from -> b.addParameter("mount", digest.toString()).addParameter("from", from));
            return b.build();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> scopes() {
        List<String> s = new ArrayList<>(Scopes.push(repository));
        mountFrom.ifPresent(from -> s.addAll(Scopes.pull(from)));
        return List.copyOf(s);
    }

    @Override
    public String describe() {
        return (mountFrom.isPresent() ? "mount or upload" : "upload") + " blob " + digest + " to "
                + registry.server() + "/" + repository;
    }

    @Override
    public Started handle(ClassicHttpResponse response, URI uri) {
        EntityUtils.consumeQuietly(response.getEntity());
        if (response.getCode() == 201) {
            return new Started(true, Optional.empty());
        }
        Header location = response.getFirstHeader(HttpHeaders.LOCATION);
        if (location == null) {
            throw XcException.of(ErrorCode.REGISTRY_ERROR, "cannot " + describe() + ": registry "
                    + registry.server() + " started an upload without a Location", "report it to the registry's operator");
        }
        return new Started(false, Optional.of(uri.resolve(location.getValue())));
    }
}
