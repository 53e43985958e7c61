package dev.xc.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.RegistryCredentials;
import dev.xc.registry.internal.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from Docker's {@code config.json} ({@code $DOCKER_CONFIG/config.json}, else
 * {@code ~/.docker/config.json}): each {@code auths} entry with an {@code auth} field (base64 of
 * {@code user:password}) or {@code username} and {@code password} fields. Keys such as
 * {@code https://index.docker.io/v1/} are matched by {@link CredentialSource#canonical canonical} name.
 * Credential helpers ({@code credsStore}, {@code credHelpers}) and {@code identitytoken} entries are not read.
 *
 * <p>Immutable once loaded and thread-safe.
 */
public final class DockerConfigFile implements CredentialSource {

    private final Map<String, RegistryCredentials> credentials;

    private DockerConfigFile(Map<String, RegistryCredentials> credentials) {
        this.credentials = Map.copyOf(credentials);
    }

    /** Where Docker keeps it: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static Path defaultLocation() {
        String dir = System.getenv("DOCKER_CONFIG");
        return dir != null && !dir.isEmpty() ? Path.of(dir, "config.json")
                : Path.of(System.getProperty("user.home"), ".docker", "config.json");
    }

    /** Reads {@code path}; a missing file reads as no credentials. */
    public static DockerConfigFile load(Path path) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return new DockerConfigFile(Map.of());
        } catch (IOException e) {
            throw XcException.of(ErrorCode.INVALID_CONFIG, "cannot read Docker config " + path
                    + " (" + e.getClass().getSimpleName() + ")", "check that it is readable JSON");
        }
        Map<String, RegistryCredentials> creds = new LinkedHashMap<>();
        JsonNode auths = root == null ? null : root.get("auths");
        if (auths != null && auths.isObject()) {
            for (var e : auths.properties()) {
                String server = CredentialSource.canonical(e.getKey());
                JsonNode entry = e.getValue();
                String user = null;
                String pass = null;
                if (entry.path("auth").isTextual() && !entry.get("auth").asText().isEmpty()) {
                    String decoded;
                    try {
                        decoded = new String(Base64.getDecoder().decode(entry.get("auth").asText().trim()),
                                StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException bad) {
                        throw XcException.of(ErrorCode.INVALID_CONFIG, "Docker config " + path + ": the 'auth' of '"
                                + e.getKey() + "' is not base64", "run `docker login " + e.getKey() + "` again");
                    }
                    int colon = decoded.indexOf(':');
                    if (colon > 0) {
                        user = decoded.substring(0, colon);
                        pass = decoded.substring(colon + 1);
                    }
                } else if (entry.path("username").isTextual() && entry.path("password").isTextual()) {
                    user = entry.get("username").asText();
                    pass = entry.get("password").asText();
                }
                if (user != null && !user.isEmpty()) {
                    try {
                        creds.putIfAbsent(server, new RegistryCredentials(server, user, pass, false));
                    } catch (XcException ignored) {
                        // a key that is not host[:port]: Docker would not use it for a registry either
                    }
                }
            }
        }
        return new DockerConfigFile(creds);
    }

    @Override
    public Optional<RegistryCredentials> lookup(String server) {
        return Optional.ofNullable(credentials.get(CredentialSource.canonical(server)));
    }
}
