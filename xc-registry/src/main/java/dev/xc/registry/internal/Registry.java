package dev.xc.registry.internal;

import dev.xc.api.image.RegistryCredentials;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One registry as the client talks to it: its name as references write it, the base URI requests go to, and the
 * credentials configured for it. {@link #toString()} never shows the secret.
 */
public record Registry(String server, URI base, Optional<RegistryCredentials> credentials) {

    public Registry {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** {@code base} resolved with {@code path} (which starts with {@code /v2/}). */
    public URI uri(String path) {
        return base.resolve(path);
    }

    /** Whether {@code uri} has the same scheme, host and port as this registry (credentials may go there). */
    public boolean sameOrigin(URI uri) {
        return base.getScheme().equalsIgnoreCase(uri.getScheme())
                && base.getHost().equalsIgnoreCase(Objects.requireNonNullElse(uri.getHost(), ""))
                && port(base) == port(uri);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    @Override
    public String toString() {
        return server;
    }
}
