package dev.xc.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.api.image.Platform;
import dev.xc.registry.Descriptor;
import dev.xc.registry.Manifest;
import dev.xc.registry.MediaTypes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the small manifest view with Jackson's tree model. */
public final class ManifestCodec {

    private ManifestCodec() {
    }

    public static Manifest parse(byte[] bytes, Optional<String> contentType, Digest digest) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw bad(digest, "it is not JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (root == null || !root.isObject()) {
            throw bad(digest, "it is not a JSON object");
        }
        JsonNode sv = root.get("schemaVersion");
        if (sv != null && sv.asInt() == 1) {
            throw XcException.of(ErrorCode.MALFORMED_CONTENT,
                    "manifest " + digest + " uses Docker schema 1, which xc does not read",
                    "push the image again with a current tool (docker, buildah, skopeo) to get a schema 2 or OCI manifest");
        }
        if (sv == null || sv.asInt() != 2) {
            throw bad(digest, "schemaVersion is not 2");
        }
        String mediaType = text(root, "mediaType").map(MediaTypes::essence)
                .or(() -> contentType.map(MediaTypes::essence).filter(MediaTypes.MANIFEST_ACCEPT::contains))
                .orElseGet(() -> root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST);
        if (!MediaTypes.MANIFEST_ACCEPT.contains(mediaType)) {
            throw XcException.of(ErrorCode.MALFORMED_CONTENT,
                    "manifest " + digest + " has media type '" + mediaType + "', which xc does not read",
                    "xc reads " + String.join(", ", MediaTypes.MANIFEST_ACCEPT));
        }
        if (MediaTypes.isIndex(mediaType)) {
            List<Descriptor> entries = new ArrayList<>();
            for (JsonNode n : array(root, "manifests", digest)) {
                entries.add(descriptor(n, digest, true));
            }
            return new Manifest(mediaType, digest, bytes, Optional.empty(), List.of(), entries);
        }
        JsonNode config = root.get("config");
        if (config == null || !config.isObject()) {
            throw bad(digest, "an image manifest needs a config descriptor");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode n : array(root, "layers", digest)) {
            layers.add(descriptor(n, digest, false));
        }
        return new Manifest(mediaType, digest, bytes, Optional.of(descriptor(config, digest, false)), layers,
                List.of());
    }

    private static Iterable<JsonNode> array(JsonNode root, String field, Digest digest) {
        JsonNode a = root.get(field);
        if (a == null || !a.isArray()) {
            throw bad(digest, "'" + field + "' is missing or not an array");
        }
        return a;
    }

    private static Descriptor descriptor(JsonNode n, Digest owner, boolean withPlatform) {
        String mediaType = text(n, "mediaType").orElseThrow(() -> bad(owner, "a descriptor has no mediaType"));
        String digestText = text(n, "digest").orElseThrow(() -> bad(owner, "a descriptor has no digest"));
        Digest d;
        try {
            d = Digest.parse(digestText);
        } catch (XcException e) {
            throw bad(owner, e.getMessage());
        }
        JsonNode size = n.get("size");
        if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
            throw bad(owner, "the descriptor of " + d + " has no valid size");
        }
        Optional<Platform> platform = Optional.empty();
        JsonNode p = n.get("platform");
        if (withPlatform && p != null && p.isObject()) {
            try {
                platform = Optional.of(new Platform(text(p, "os").orElse(""), text(p, "architecture").orElse(""),
                        text(p, "variant")));
            } catch (XcException e) {
                platform = Optional.empty(); // an entry we cannot run; selection skips it
            }
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        JsonNode a = n.get("annotations");
        if (a != null && a.isObject()) {
            a.properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
        }
        return new Descriptor(mediaType, d, size.asLong(), platform, annotations);
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static XcException bad(Digest digest, String why) {
        return XcException.of(ErrorCode.MALFORMED_CONTENT, "manifest " + digest + " is malformed: " + why,
                "the image in the registry is broken; push it again");
    }

    public static byte[] writeImage(String mediaType, Descriptor config, List<Descriptor> layers) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", mediaType);
        root.set("config", write(config));
        ArrayNode a = root.putArray("layers");
        layers.forEach(l -> a.add(write(l)));
        return bytes(root);
    }

    public static byte[] writeIndex(String mediaType, List<Descriptor> manifests) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", mediaType);
        ArrayNode a = root.putArray("manifests");
        manifests.forEach(m -> a.add(write(m)));
        return bytes(root);
    }

    private static ObjectNode write(Descriptor d) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("mediaType", d.mediaType());
        n.put("digest", d.digest().toString());
        n.put("size", d.size());
        if (!d.annotations().isEmpty()) {
            ObjectNode an = n.putObject("annotations");
            d.annotations().forEach(an::put);
        }
        d.platform().ifPresent(p -> {
            ObjectNode pn = n.putObject("platform");
            pn.put("architecture", p.architecture());
            pn.put("os", p.os());
            p.variant().ifPresent(v -> pn.put("variant", v));
        });
        return n;
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return Json.MAPPER.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
