package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Credentials for one registry: the server ({@code host[:port]}, e.g. {@code index.docker.io} or
 * {@code 127.0.0.1:5000}), a user name, and a secret (a password or an access token). {@code insecure} means the
 * registry is spoken to over plain HTTP.
 *
 * <p>{@link #toString()} masks the secret, so the record may be logged; the secret itself never appears in messages.
 */
public record RegistryCredentials(String server, String username, String secret, boolean insecure) {

    private static final Pattern SERVER = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                    + "(?::[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](?::[0-9]{1,5})?");

    public RegistryCredentials {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        if (!SERVER.matcher(server).matches()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "invalid registry server '" + server + "': expected host[:port]",
                    "name the registry without scheme or path, e.g. index.docker.io or 127.0.0.1:5000");
        }
        if (username.isEmpty()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "empty user name for registry '" + server + "'", "pass --username NAME");
        }
    }

    @Override
    public String toString() {
        return "RegistryCredentials[server=" + server + ", username=" + username + ", secret=****, insecure="
                + insecure + "]";
    }
}
