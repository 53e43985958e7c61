package dev.xc.registry;

import dev.xc.api.image.RegistryCredentials;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the credentials for a registry server. Lookups use the canonical server name ({@link #canonical}): Docker
 * Hub is {@code docker.io} whichever alias a file uses ({@code index.docker.io}, {@code registry-1.docker.io},
 * {@code https://index.docker.io/v1/}). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CredentialSource {

    /** The credentials for {@code server} ({@code host[:port]}), if any. */
    Optional<RegistryCredentials> lookup(String server);

    /** No credentials: anonymous access only. */
    static CredentialSource none() {
        return server -> Optional.empty();
    }

    /** Fixed credentials, matched by canonical server name. */
    static CredentialSource of(RegistryCredentials... credentials) {
        List<RegistryCredentials> list = List.of(credentials);
        return server -> list.stream().filter(c -> canonical(c.server()).equals(canonical(server))).findFirst();
    }

    /** The first source that knows the server wins. */
    static CredentialSource chain(CredentialSource... sources) {
        List<CredentialSource> list = List.of(sources);
        return server -> list.stream().map(s -> s.lookup(server)).flatMap(Optional::stream).findFirst();
    }

    /**
     * The canonical name of a server as files write it: scheme, path and a trailing slash are dropped, the host is
     * lower-cased, and Docker Hub's aliases become {@code docker.io}.
     */
    static String canonical(String server) {
        String s = server.trim();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        s = s.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
            default -> s;
        };
    }
}
