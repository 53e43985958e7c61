package dev.xc.image;

import dev.xc.api.image.Digest;

import java.util.Objects;

/**
 * A layer produced by {@link LayerBuilder}.
 *
 * @param digest    digest of the bytes written (the descriptor digest)
 * @param diffId    digest of the uncompressed tar stream
 * @param size      bytes written
 * @param mediaType the OCI layer media type matching the compression
 * @param entries   tar entries written, whiteouts included
 */
public record BuiltLayer(Digest digest, Digest diffId, long size, String mediaType, long entries) {
    public BuiltLayer {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(mediaType, "mediaType");
    }

    /** The OCI descriptor of this layer. */
    public OciDescriptor descriptor() {
        return OciDescriptor.of(mediaType, digest, size);
    }
}
