package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Credentials for one registry, as {@code xc login} stores them in {@code registries.json}.
 *
 * <p>The server is a bare {@code host[:port]} ({@code index.docker.io}, {@code ghcr.io},
 * {@code localhost:5000}, {@code [::1]:5000}), compared in lower case; a URL such as {@code https://ghcr.io/} is
 * refused with a hint. {@link #toString()} never shows the secret, and no error message built here contains it.
 *
 * @param server the registry host and optional port
 * @param username the user name; no {@code :} (HTTP basic authentication cannot carry one)
 * @param secret the password or access token; never empty
 * @param insecure whether to talk plain HTTP to this registry
 */
public record RegistryCredentials(String server, String username, String secret, boolean insecure) {

    private static final Pattern HOST = Pattern.compile(
            "(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\\[[0-9a-f:.]+]");

    public RegistryCredentials {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        server = checkServer(server);
        if (username.isEmpty() || username.indexOf(':') >= 0
                || username.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "invalid user name '" + username + "' for registry " + server
                            + ": it must be non-empty, without ':' or control characters",
                    "give the user name you log in to " + server + " with");
        }
        if (secret.isEmpty()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "the password or token for " + username + "@" + server + " is empty",
                    "give the password or an access token, e.g. with --password-stdin");
        }
    }

    /** Validates and normalises {@code host[:port]}. */
    private static String checkServer(String server) {
        String s = server.toLowerCase(Locale.ROOT);
        if (s.contains("://") || s.contains("/")) {
            throw badServer(server,
                    "give the host without a scheme or path, e.g. ghcr.io rather than https://ghcr.io/");
        }
        String host = s;
        int colon = s.lastIndexOf(':');
        if (colon >= 0 && colon > s.lastIndexOf(']')) {
            host = s.substring(0, colon);
            String port = s.substring(colon + 1);
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw badServer(server, "the port '" + port + "' must be a number from 1 to 65535");
            }
        }
        if (host.isEmpty() || !HOST.matcher(host).matches()) {
            throw badServer(server, "'" + host + "' is not a host name");
        }
        return s;
    }

    private static XcException badServer(String server, String why) {
        return XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid registry server '" + server + "': " + why,
                "write it as host[:port], e.g. ghcr.io or localhost:5000");
    }

    /** Shows the server, the user and whether it is insecure; the secret is always {@code ****}. */
    @Override
    public String toString() {
        return "RegistryCredentials[server=" + server + ", username=" + username + ", secret=****, insecure="
                + insecure + "]";
    }
}
