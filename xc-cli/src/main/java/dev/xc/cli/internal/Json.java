package dev.xc.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xc.api.XcException;
import dev.xc.client.wire.Wire;

import java.util.Locale;

/**
 * JSON rendering for {@code --json}: the wire format the daemon speaks (values with a canonical text form as that text,
 * records as their components, Optional as value or null), indented for people.
 */
final class Json {

    private static final ObjectMapper MAPPER = Wire.mapper(false, false).enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code {"error": {"code", "category", "message", "hint", "problems": [...]}}}. */
    static String error(XcException e) {
        ObjectNode root = Wire.error(e);
        ((ObjectNode) root.get("error")).put("category", e.code().category().name().toLowerCase(Locale.ROOT));
        return write(root);
    }
}
