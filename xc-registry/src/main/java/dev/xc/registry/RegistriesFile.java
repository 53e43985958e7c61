package dev.xc.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.RegistryCredentials;
import dev.xc.registry.internal.Json;
import dev.xc.registry.internal.SecureFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The original xc's {@code registries.json} (e.g. {@code /var/db/xc.registries.json}):
 * <pre>{@code
 * { "default": "index.docker.io",
 *   "registries": { "index.docker.io": { "base_url": "https://index.docker.io",
 *                                         "basic_auth": { "username": "u", "password": "p" } } } }
 * }</pre>
 * {@code default} and {@code basic_auth} are optional. A {@code base_url} starting with {@code http://} marks the
 * registry insecure (plain HTTP). Keys are matched by {@link CredentialSource#canonical canonical} name.
 *
 * <p>Immutable once loaded and thread-safe. {@link #login} rewrites the file with mode {@code 0600}; errors about the
 * file never quote its content, which holds passwords.
 */
public final class RegistriesFile implements CredentialSource {

    private final Optional<String> defaultRegistry;
    private final Map<String, RegistryCredentials> credentials;
    private final Map<String, Boolean> insecure;

    private RegistriesFile(Optional<String> defaultRegistry, Map<String, RegistryCredentials> credentials,
                           Map<String, Boolean> insecure) {
        this.defaultRegistry = defaultRegistry;
        this.credentials = Map.copyOf(credentials);
        this.insecure = Map.copyOf(insecure);
    }

    /** Reads {@code path}; a missing file reads as no registries and no default. */
    public static RegistriesFile load(Path path) {
        ObjectNode root = read(path);
        Optional<String> def = Optional.ofNullable(root.get("default")).filter(JsonNode::isTextual)
                .map(JsonNode::asText);
        Map<String, RegistryCredentials> creds = new LinkedHashMap<>();
        Map<String, Boolean> insecure = new LinkedHashMap<>();
        JsonNode regs = root.get("registries");
        if (regs != null && regs.isObject()) {
            for (var e : regs.properties()) {
                String server = CredentialSource.canonical(e.getKey());
                JsonNode entry = e.getValue();
                boolean plain = entry.path("base_url").asText("").startsWith("http://");
                insecure.put(server, plain);
                JsonNode auth = entry.get("basic_auth");
                if (auth != null && auth.isObject() && auth.path("username").isTextual()
                        && auth.path("password").isTextual()) {
                    try {
                        creds.put(server, new RegistryCredentials(server, auth.get("username").asText(),
                                auth.get("password").asText(), plain));
                    } catch (XcException bad) {
                        throw XcException.of(ErrorCode.INVALID_CONFIG,
                                "registries file " + path + ": entry '" + e.getKey() + "' is invalid: "
                                        + bad.getMessage(), bad.hint());
                    }
                }
            }
        } else if (!root.isEmpty()) {
            throw XcException.of(ErrorCode.INVALID_CONFIG, "registries file " + path + " has no 'registries' object",
                    "write it as {\"default\": \"index.docker.io\", \"registries\": {...}}");
        }
        return new RegistriesFile(def, creds, insecure);
    }

    /** The registry used for references without a host, if the file names one. */
    public Optional<String> defaultRegistry() {
        return defaultRegistry.map(CredentialSource::canonical);
    }

    /** Whether the file marks {@code server} as plain HTTP. */
    public boolean isInsecure(String server) {
        return insecure.getOrDefault(CredentialSource.canonical(server), false);
    }

    @Override
    public Optional<RegistryCredentials> lookup(String server) {
        return Optional.ofNullable(credentials.get(CredentialSource.canonical(server)));
    }

    /**
     * Adds or replaces the entry for {@code c.server()} (as the original {@code xc login} does) and rewrites
     * {@code path} atomically with mode {@code 0600}. Other entries and the default are kept.
     */
    public static void login(Path path, RegistryCredentials c) {
        ObjectNode root = read(path);
        if (!root.has("registries") || !root.get("registries").isObject()) {
            root.putObject("registries");
        }
        ObjectNode regs = (ObjectNode) root.get("registries");
        String server = c.server();
        // keep the key spelling the file already uses for this server
        for (var e : regs.properties()) {
            if (CredentialSource.canonical(e.getKey()).equals(CredentialSource.canonical(server))) {
                server = e.getKey();
            }
        }
        ObjectNode entry = regs.putObject(server);
        entry.put("base_url", (c.insecure() ? "http://" : "https://") + server);
        ObjectNode auth = entry.putObject("basic_auth");
        auth.put("username", c.username());
        auth.put("password", c.secret());
        write(path, root);
    }

    /** Removes the credentials of {@code server}; returns whether there were any. */
    public static boolean logout(Path path, String server) {
        ObjectNode root = read(path);
        JsonNode regs = root.get("registries");
        boolean removed = false;
        if (regs instanceof ObjectNode o) {
            for (var e : o.properties()) {
                if (CredentialSource.canonical(e.getKey()).equals(CredentialSource.canonical(server))
                        && e.getValue() instanceof ObjectNode entry) {
                    removed |= entry.remove("basic_auth") != null;
                }
            }
        }
        if (removed) {
            write(path, root);
        }
        return removed;
    }

    private static ObjectNode read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Json.MAPPER.createObjectNode();
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot read registries file " + path + ": " + e,
                    "check its permissions (it should be 0600, owned by the daemon's user)", e);
        }
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            if (n == null || n.isMissingNode()) {
                return Json.MAPPER.createObjectNode();
            }
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (JsonProcessingException e) {
            // the message would quote the file, which holds passwords: give only the position
            var loc = e.getLocation();
            throw XcException.of(ErrorCode.INVALID_CONFIG, "registries file " + path + " is not valid JSON"
                            + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"),
                    "fix the file or remove it and log in again with `xc login`");
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot read registries file " + path, "", e);
        }
        throw XcException.of(ErrorCode.INVALID_CONFIG, "registries file " + path + " is not a JSON object",
                "write it as {\"default\": \"index.docker.io\", \"registries\": {...}}");
    }

    private static void write(Path path, ObjectNode root) {
        try {
            SecureFiles.writePrivate(path, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot write registries file " + path + ": "
                    + e.getClass().getSimpleName(), "check that its directory exists and is writable", e);
        }
    }
}
