package dev.xc.registry.internal;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.net.URI;
import java.util.List;

/** {@code GET /v2/}: is this a registry, and may we talk to it (authentication is discovered from its 401). */
public record PingEndpoint(Registry registry) implements RegistryEndpoint<Boolean> {

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public URI uri() {
        return registry.uri("/v2/");
    }

    @Override
    public List<String> scopes() {
        return List.of();
    }

    @Override
    public String describe() {
        return "reach registry " + registry.server();
    }

    @Override
    public Boolean handle(ClassicHttpResponse response, URI uri) {
        EntityUtils.consumeQuietly(response.getEntity());
        return Boolean.TRUE;
    }
}
