package dev.xc.image;

import dev.xc.api.image.Digest;

import java.util.Objects;

/**
 * One layer of a stored image.
 *
 * @param blob      the layer blob digest (compressed, as in the manifest)
 * @param diffId    the uncompressed digest (from the config)
 * @param chainId   the OCI ChainID of the image's layers up to and including this one
 * @param mediaType the layer media type
 * @param size      the blob size in bytes
 */
public record StoredLayer(Digest blob, Digest diffId, Digest chainId, String mediaType, long size) {
    public StoredLayer {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(mediaType, "mediaType");
    }
}
