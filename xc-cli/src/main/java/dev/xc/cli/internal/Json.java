package dev.xc.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ExposedPort;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.Interpolation;
import dev.xc.api.image.Platform;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.net.PortPublish;

import java.io.IOException;
import java.net.InetAddress;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON rendering for {@code --json}: API records as objects, Optional as value or null, paths as text. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule()
                    // values with a canonical text form are written as that text, as users type them
                    .addSerializer(Path.class, ToStringSerializer.instance)
                    .addSerializer(Cidr.class, ToStringSerializer.instance)
                    .addSerializer(Digest.class, ToStringSerializer.instance)
                    .addSerializer(ImageReference.class, ToStringSerializer.instance)
                    .addSerializer(Platform.class, ToStringSerializer.instance)
                    .addSerializer(PortPublish.class, ToStringSerializer.instance)
                    .addSerializer(ExposedPort.class, ToStringSerializer.instance)
                    .addSerializer(Interpolation.class, ToStringSerializer.instance)
                    .addSerializer(InetAddress.class, new StdSerializer<>(InetAddress.class) {
                        @Override
                        public void serialize(InetAddress a, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(IpLiteral.format(a));
                        }
                    }))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

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
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", e.code().id());
        err.put("category", e.code().category().name().toLowerCase(java.util.Locale.ROOT));
        err.put("message", e.getMessage());
        err.put("hint", e.hint());
        List<Map<String, String>> problems = e.problems().stream()
                .map(p -> Map.of("code", p.code().id(), "message", p.message(), "hint", p.hint())).toList();
        err.put("problems", problems);
        return write(Map.of("error", err));
    }
}
