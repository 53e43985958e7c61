package dev.xc.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of a registry's JSON error body ({@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"..."}]}}).
 */
public record RegistryError(String code, String message) {

    private static final int MAX_BODY = 64 * 1024;

    public RegistryError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** Decodes the error body of {@code response}; empty when there is none or it is not the registry format. */
    public static List<RegistryError> read(ClassicHttpResponse response) {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return List.of();
        }
        try (InputStream in = entity.getContent()) {
            byte[] body = in.readNBytes(MAX_BODY);
            return decode(body);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    static List<RegistryError> decode(byte[] body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode errors = root == null ? null : root.get("errors");
            if (errors == null || !errors.isArray()) {
                return List.of();
            }
            List<RegistryError> out = new ArrayList<>();
            for (JsonNode e : errors) {
                String code = e.path("code").asText("").toUpperCase(Locale.ROOT);
                String message = e.path("message").asText("");
                if (message.length() > 300) {
                    message = message.substring(0, 300) + "...";
                }
                out.add(new RegistryError(code, message));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public String toString() {
        return message.isEmpty() ? code : code + " (" + message + ")";
    }
}
