package dev.xc.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON codec of the OCI image model (Jackson trees, so no reflection and exact control of key order and
 * {@code null}s). Readers accept OCI and Docker schema 2 documents, ignore unknown keys, and reject documents that
 * lack a required key with {@link ErrorCode#MALFORMED_CONTENT} naming the key. Writers emit compact JSON with keys
 * in the order of the specifications, so the same value always gives the same bytes (and digest).
 *
 * <p>Thread-safe: all methods are static and stateless.
 */
public final class ImageJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ImageJson() {
    }

    // ---- reading

    /** Parses an image index or Docker manifest list. */
    public static OciIndex readIndex(byte[] json) {
        ObjectNode o = object(json, "image index");
        List<OciDescriptor> ms = new ArrayList<>();
        for (JsonNode d : array(o, "manifests", "image index")) {
            ms.add(descriptor(d, "image index entry"));
        }
        return new OciIndex(o.path("schemaVersion").asInt(2), o.path("mediaType").asText(MediaTypes.OCI_INDEX), ms,
                stringMap(o.get("annotations")));
    }

    /** Parses an image manifest (OCI or Docker schema 2). */
    public static OciManifest readManifest(byte[] json) {
        ObjectNode o = object(json, "image manifest");
        JsonNode c = o.get("config");
        if (c == null || !c.isObject()) {
            throw malformed("image manifest", "has no 'config' descriptor");
        }
        List<OciDescriptor> layers = new ArrayList<>();
        for (JsonNode d : array(o, "layers", "image manifest")) {
            layers.add(descriptor(d, "layer descriptor"));
        }
        return new OciManifest(o.path("schemaVersion").asInt(2), o.path("mediaType").asText(MediaTypes.OCI_MANIFEST),
                descriptor(c, "config descriptor"), layers, stringMap(o.get("annotations")));
    }

    /**
     * Parses an image config. {@code architecture}, {@code os} and {@code rootfs} are required; {@code config} may
     * be missing or {@code null}; unknown keys are ignored.
     */
    public static OciImageConfig readConfig(byte[] json) {
        ObjectNode o = object(json, "image config");
        String arch = requiredText(o, "architecture", "image config");
        String os = requiredText(o, "os", "image config");
        JsonNode rootfs = o.get("rootfs");
        if (rootfs == null || !rootfs.isObject()) {
            throw malformed("image config", "has no 'rootfs' object");
        }
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode d : array((ObjectNode) rootfs, "diff_ids", "image config rootfs")) {
            diffIds.add(digest(d.asText(), "image config rootfs.diff_ids"));
        }
        JsonNode c = o.get("config");
        ObjectNode config = c != null && c.isObject() ? (ObjectNode) c : F.objectNode();
        List<ObjectNode> history = new ArrayList<>();
        JsonNode h = o.get("history");
        if (h != null && h.isArray()) {
            h.forEach(x -> {
                if (x.isObject()) {
                    history.add((ObjectNode) x);
                }
            });
        }
        return new OciImageConfig(arch, os, config, diffIds, history, optText(o.get("created")),
                optText(o.get("variant")), optText(o.get("os.version")));
    }

    // ---- writing

    /** Compact JSON of an index, keys in spec order. */
    public static byte[] write(OciIndex index) {
        ObjectNode o = F.objectNode();
        o.put("schemaVersion", index.schemaVersion());
        o.put("mediaType", index.mediaType());
        ArrayNode ms = o.putArray("manifests");
        index.manifests().forEach(d -> ms.add(descriptorNode(d)));
        if (!index.annotations().isEmpty()) {
            o.set("annotations", mapNode(index.annotations()));
        }
        return bytes(o);
    }

    /** Compact JSON of a manifest, keys in spec order. */
    public static byte[] write(OciManifest m) {
        ObjectNode o = F.objectNode();
        o.put("schemaVersion", m.schemaVersion());
        o.put("mediaType", m.mediaType());
        o.set("config", descriptorNode(m.config()));
        ArrayNode ls = o.putArray("layers");
        m.layers().forEach(d -> ls.add(descriptorNode(d)));
        if (!m.annotations().isEmpty()) {
            o.set("annotations", mapNode(m.annotations()));
        }
        return bytes(o);
    }

    /** Compact JSON of an image config; the {@code config} object is written as held, {@code null} keys included. */
    public static byte[] write(OciImageConfig c) {
        return bytes(configNode(c));
    }

    /** The JSON tree of an image config, for callers that add to it. */
    public static ObjectNode configNode(OciImageConfig c) {
        ObjectNode o = F.objectNode();
        c.created().ifPresent(v -> o.put("created", v));
        o.put("architecture", c.architecture());
        c.variant().ifPresent(v -> o.put("variant", v));
        o.put("os", c.os());
        c.osVersion().ifPresent(v -> o.put("os.version", v));
        o.set("config", c.config());
        ObjectNode rootfs = o.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        c.diffIds().forEach(d -> ids.add(d.toString()));
        ArrayNode h = o.putArray("history");
        c.history().forEach(h::add);
        return o;
    }

    /** Compact bytes of any JSON tree. */
    public static byte[] bytes(JsonNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses bytes into a JSON object, or fails naming {@code what}. */
    public static ObjectNode object(byte[] json, String what) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed(what, "is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw malformed(what, "cannot be read: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw malformed(what, "is not a JSON object");
        }
        return (ObjectNode) n;
    }

    // ---- helpers shared by the model

    /** The OCI ChainID of {@code diffIds}; empty for no layers. */
    public static Optional<Digest> chainId(List<Digest> diffIds) {
        Digest chain = null;
        for (Digest d : diffIds) {
            chain = chain == null ? d : Digest.sha256((chain + " " + d).getBytes(StandardCharsets.UTF_8));
        }
        return Optional.ofNullable(chain);
    }

    static Map<String, String> ordered(Map<String, String> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
            }
        }
        return out;
    }

    private static OciDescriptor descriptor(JsonNode d, String what) {
        if (!d.isObject()) {
            throw malformed(what, "is not a JSON object");
        }
        ObjectNode o = (ObjectNode) d;
        String mt = requiredText(o, "mediaType", what);
        Digest digest = digest(requiredText(o, "digest", what), what);
        JsonNode size = o.get("size");
        if (size == null || !size.canConvertToLong()) {
            throw malformed(what, "has no numeric 'size'");
        }
        Optional<OciPlatform> platform = Optional.empty();
        JsonNode p = o.get("platform");
        if (p != null && p.isObject()) {
            ObjectNode po = (ObjectNode) p;
            platform = Optional.of(new OciPlatform(requiredText(po, "architecture", what + " platform"),
                    requiredText(po, "os", what + " platform"), optText(po.get("os.version")),
                    textList(po.get("os.features")), optText(po.get("variant")), textList(po.get("features"))));
        }
        return new OciDescriptor(mt, digest, size.asLong(), platform, stringMap(o.get("annotations")),
                textList(o.get("urls")), optText(o.get("artifactType")));
    }

    private static ObjectNode descriptorNode(OciDescriptor d) {
        ObjectNode o = F.objectNode();
        o.put("mediaType", d.mediaType());
        o.put("digest", d.digest().toString());
        o.put("size", d.size());
        if (!d.urls().isEmpty()) {
            ArrayNode u = o.putArray("urls");
            d.urls().forEach(u::add);
        }
        if (!d.annotations().isEmpty()) {
            o.set("annotations", mapNode(d.annotations()));
        }
        d.platform().ifPresent(p -> {
            ObjectNode po = o.putObject("platform");
            po.put("architecture", p.architecture());
            po.put("os", p.os());
            p.osVersion().ifPresent(v -> po.put("os.version", v));
            if (!p.osFeatures().isEmpty()) {
                ArrayNode a = po.putArray("os.features");
                p.osFeatures().forEach(a::add);
            }
            p.variant().ifPresent(v -> po.put("variant", v));
            if (!p.features().isEmpty()) {
                ArrayNode a = po.putArray("features");
                p.features().forEach(a::add);
            }
        });
        d.artifactType().ifPresent(v -> o.put("artifactType", v));
        return o;
    }

    private static ObjectNode mapNode(Map<String, String> m) {
        ObjectNode o = F.objectNode();
        m.forEach(o::put);
        return o;
    }

    private static List<String> textList(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    private static Optional<String> optText(JsonNode n) {
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }

    private static String requiredText(ObjectNode o, String key, String what) {
        JsonNode n = o.get(key);
        if (n == null || !n.isTextual()) {
            throw malformed(what, "has no '" + key + "' string");
        }
        return n.asText();
    }

    private static Iterable<JsonNode> array(ObjectNode o, String key, String what) {
        JsonNode n = o.get(key);
        if (n == null || !n.isArray()) {
            throw malformed(what, "has no '" + key + "' array");
        }
        return n;
    }

    private static Digest digest(String text, String what) {
        try {
            return Digest.parse(text);
        } catch (XcException e) {
            throw malformed(what, "has an invalid digest '" + text + "'");
        }
    }

    static XcException malformed(String what, String problem) {
        return XcException.of(ErrorCode.MALFORMED_CONTENT, what + " " + problem,
                "the document is corrupt or not an OCI/Docker image document; pull it again or check the registry");
    }
}
