package dev.xc.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI content descriptor: what a manifest or index points at.
 *
 * @param mediaType    the target's media type
 * @param digest       the target's digest
 * @param size         the target's size in bytes
 * @param platform     for index entries, the platform of the manifest
 * @param annotations  annotations, in document order
 * @param urls         alternative download locations (foreign layers)
 * @param artifactType the artifact type, when the target is an artifact
 */
public record OciDescriptor(String mediaType, Digest digest, long size, Optional<OciPlatform> platform,
                            Map<String, String> annotations, List<String> urls, Optional<String> artifactType) {

    public OciDescriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(artifactType, "artifactType");
        if (size < 0) {
            throw XcException.of(ErrorCode.MALFORMED_CONTENT, "descriptor " + digest + " has a negative size " + size,
                    "the manifest is corrupt; pull it again");
        }
        annotations = ImageJson.ordered(annotations);
        urls = List.copyOf(urls);
    }

    /** A plain descriptor without platform, annotations or URLs. */
    public static OciDescriptor of(String mediaType, Digest digest, long size) {
        return new OciDescriptor(mediaType, digest, size, Optional.empty(), Map.of(), List.of(), Optional.empty());
    }
}
