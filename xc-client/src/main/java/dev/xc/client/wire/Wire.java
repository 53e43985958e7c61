package dev.xc.client.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.xc.api.ErrorCode;
import dev.xc.api.Problem;
import dev.xc.api.XcException;
import dev.xc.api.event.Event;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ExposedPort;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.Interpolation;
import dev.xc.api.image.Platform;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.DnsSetting;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.net.MainAddressSelector;
import dev.xc.api.net.PortPublish;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The JSON mapping of the API over the wire, and the error envelope.
 *
 * <ul>
 *   <li>Records are objects with exactly their components (derived methods such as {@code isRange()} are not
 *       sent); {@code Optional} components are the value or {@code null}; instants and durations are ISO-8601
 *       text.</li>
 *   <li>Values with a canonical text form travel as that text and are read back with their {@code parse}:
 *       {@link ImageReference}, {@link Digest}, {@link Platform}, {@link Cidr}, {@link PortPublish},
 *       {@link InetAddress}, {@link ExposedPort} (also as a map key), {@link Interpolation},
 *       {@link MainAddressSelector}; paths are text.</li>
 *   <li>Sealed types carry a {@code "type"} discriminator: events are {@code progress}, {@code step},
 *       {@code warning}, {@code container-changed}; DNS settings {@code inherit}, {@code nop}, {@code specified}.</li>
 *   <li>Errors are {@code {"error": {"code": ErrorCode.id(), "message", "hint", "problems": [{code, message,
 *       hint}]}}} with the HTTP status {@link #status(ErrorCode)}.</li>
 * </ul>
 *
 * <p>The mappers are thread-safe once built.
 */
public final class Wire {

    /** Media type of JSON bodies. */
    public static final String JSON = "application/json";
    /** Media type of newline-delimited JSON streams. */
    public static final String NDJSON = "application/x-ndjson";
    /** Media type of the framed full-duplex exchanges (see {@code Frames}). */
    public static final String FRAMES = "application/vnd.xc.frames";

    private Wire() {
    }

    /**
     * A mapper for one end of the wire.
     *
     * @param strict reject unknown properties (the daemon reading requests) or ignore them (the client reading
     *        answers of a newer daemon)
     * @param absolutePaths write paths as absolute paths, resolved against this process's working directory (the
     *        client: the daemon has another working directory)
     */
    public static ObjectMapper mapper(boolean strict, boolean absolutePaths) {
        SimpleModule values = new SimpleModule("xc-wire-values");
        text(values, ImageReference.class, ImageReference::parse);
        text(values, Digest.class, Digest::parse);
        text(values, Platform.class, Platform::parse);
        text(values, Cidr.class, Cidr::parse);
        text(values, PortPublish.class, PortPublish::parse);
        text(values, ExposedPort.class, ExposedPort::parse);
        text(values, Interpolation.class, Interpolation::parse);
        text(values, MainAddressSelector.class, MainAddressSelector::parse);
        values.addSerializer(InetAddress.class, new TextSerializer<>(InetAddress.class, IpLiteral::format));
        values.addDeserializer(InetAddress.class, new TextDeserializer<>(InetAddress.class, IpLiteral::parse));
        values.addSerializer(Path.class, new TextSerializer<>(Path.class,
                p -> (absolutePaths ? p.toAbsolutePath().normalize() : p).toString()));
        values.addDeserializer(Path.class, new TextDeserializer<>(Path.class, Path::of));
        values.addKeySerializer(ExposedPort.class, new StdSerializer<>(ExposedPort.class) {
            @Override
            public void serialize(ExposedPort v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeFieldName(v.toString());
            }
        });
        values.addKeyDeserializer(ExposedPort.class, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext ctxt) {
                return ExposedPort.parse(key);
            }
        });
        values.setSerializerModifier(new RecordComponentsOnly());
        return JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .addModule(values)
                .addMixIn(Event.class, EventMixin.class)
                .addMixIn(DnsSetting.class, DnsSettingMixin.class)
                .disable(MapperFeature.OVERRIDE_PUBLIC_ACCESS_MODIFIERS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict)
                .build();
    }

    private static <T> void text(SimpleModule m, Class<T> type, Function<String, T> parse) {
        m.addSerializer(type, new TextSerializer<>(type, Object::toString));
        m.addDeserializer(type, new TextDeserializer<>(type, parse));
    }

    // ------------------------------------------------------------------ errors

    /** The HTTP status for an error: one per category, 403 for {@link ErrorCode#PERMISSION_DENIED}. */
    public static int status(ErrorCode code) {
        if (code == ErrorCode.PERMISSION_DENIED) {
            return 403;
        }
        if (code == ErrorCode.INTERNAL) {
            return 500;
        }
        return switch (code.category()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case PRECONDITION -> 412;
            case INTEGRITY -> 422;
            case HOST -> 500;
            case REMOTE -> 502;
            case UNSUPPORTED -> 501;
        };
    }

    /** {@code {"error": {...}}} for {@code e}. */
    public static ObjectNode error(XcException e) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode err = f.objectNode();
        err.put("code", e.code().id());
        err.put("message", e.getMessage());
        err.put("hint", e.hint());
        ArrayNode problems = err.putArray("problems");
        for (Problem p : e.problems()) {
            problems.addObject().put("code", p.code().id()).put("message", p.message()).put("hint", p.hint());
        }
        ObjectNode root = f.objectNode();
        root.set("error", err);
        return root;
    }

    /**
     * The exception an error object ({@code error}'s value) describes: same code, message, hint and problems. An
     * unknown code (a newer daemon) becomes {@link ErrorCode#INTERNAL}.
     */
    public static XcException decodeError(JsonNode err) {
        ErrorCode code = ErrorCode.fromId(err.path("code").asText(""));
        String message = err.path("message").asText("");
        if (message.isEmpty()) {
            message = "xcd reported an error without a message (code '" + err.path("code").asText("") + "')";
        }
        List<Problem> problems = new ArrayList<>();
        for (JsonNode p : err.path("problems")) {
            String pm = p.path("message").asText("");
            if (!pm.isBlank()) {
                problems.add(Problem.of(ErrorCode.fromId(p.path("code").asText("")), pm, p.path("hint").asText("")));
            }
        }
        return XcException.of(code, message, err.path("hint").asText(""), problems, null);
    }

    // ------------------------------------------------------------------ bodies that are not API records

    /** Body of {@link Route#IMAGES_TAG}. */
    public record TagImage(ImageReference source, ImageReference target) {
    }

    /** Body of {@link Route#NETWORKS_TAG}. */
    public record NetworkMember(String container, boolean commit) {
    }

    /** Body of {@link Route#CONTAINERS_COMMIT}. */
    public record CommitTarget(ImageReference target) {
    }

    /** Body of {@link Route#CONTAINERS_TRACE}: the arguments after {@code --}. */
    public record TraceArgs(List<String> args) {
        public TraceArgs {
            args = List.copyOf(args);
        }
    }

    /** Answer of {@link Route#PEER}: who the daemon thinks the caller is. */
    public record PeerInfo(int uid, String user, boolean root) {
    }

    // ------------------------------------------------------------------ jackson plumbing

    private static final class TextSerializer<T> extends StdSerializer<T> {
        private final transient Function<T, String> render;

        TextSerializer(Class<T> type, Function<T, String> render) {
            super(type);
            this.render = render;
        }

        @Override
        public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(render.apply(value));
        }
    }

    private static final class TextDeserializer<T> extends StdDeserializer<T> {
        private final transient Function<String, T> parse;

        TextDeserializer(Class<T> type, Function<String, T> parse) {
            super(type);
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.currentToken().isScalarValue()) {
                return ctxt.reportInputMismatch(this, "expected %s as text", handledType().getSimpleName());
            }
            return parse.apply(p.getValueAsString());
        }
    }

    /** Writes a record's components and nothing else (no {@code isRange()}, {@code isFreeBsd()} ...). */
    private static final class RecordComponentsOnly extends BeanSerializerModifier {
        @Override
        public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription desc,
                                                         List<BeanPropertyWriter> props) {
            Class<?> c = desc.getBeanClass();
            if (!c.isRecord()) {
                return props;
            }
            Set<String> names = Arrays.stream(c.getRecordComponents()).map(rc -> rc.getName())
                    .collect(Collectors.toSet());
            return props.stream().filter(w -> names.contains(w.getName())).toList();
        }
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Event.Progress.class, name = "progress"),
            @JsonSubTypes.Type(value = Event.Step.class, name = "step"),
            @JsonSubTypes.Type(value = Event.Warning.class, name = "warning"),
            @JsonSubTypes.Type(value = Event.ContainerChanged.class, name = "container-changed")})
    private interface EventMixin {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = DnsSetting.Inherit.class, name = "inherit"),
            @JsonSubTypes.Type(value = DnsSetting.Nop.class, name = "nop"),
            @JsonSubTypes.Type(value = DnsSetting.Specified.class, name = "specified")})
    private interface DnsSettingMixin {
    }
}
