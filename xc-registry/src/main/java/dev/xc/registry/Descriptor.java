package dev.xc.registry;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.api.image.Platform;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An OCI content descriptor: what a manifest says about a blob or a child manifest. {@code platform} is present on
 * index entries that name one; {@code annotations} are kept sorted by key.
 *
 * @param mediaType the content's media type, e.g. {@value MediaTypes#OCI_LAYER_GZIP}
 * @param digest the content's digest; fetched bytes are checked against it
 * @param size the content's length in bytes
 */
public record Descriptor(String mediaType, Digest digest, long size, Optional<Platform> platform,
                         Map<String, String> annotations) {

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(platform, "platform");
        if (mediaType.isBlank()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "descriptor of " + digest + " has no media type",
                    "give every descriptor a mediaType");
        }
        if (size < 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "descriptor of " + digest + " has a negative size " + size, "sizes are byte counts, 0 or more");
        }
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    /** A descriptor without platform or annotations. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, Optional.empty(), Map.of());
    }

    /** This descriptor with {@code p} as its platform, for an index entry. */
    public Descriptor withPlatform(Platform p) {
        return new Descriptor(mediaType, digest, size, Optional.of(p), annotations);
    }
}
