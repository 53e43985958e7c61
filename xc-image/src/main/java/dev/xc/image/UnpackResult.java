package dev.xc.image;

import dev.xc.api.image.Digest;

/**
 * What unpacking one layer did.
 *
 * @param digest           the digest of the blob as received (compressed bytes)
 * @param diffId           the digest of the uncompressed tar stream (the OCI DiffID)
 * @param compression      the compression found
 * @param entries          tar entries read, whiteouts included
 * @param bytes            uncompressed bytes read
 * @param ownershipApplied whether uids and gids were applied (false when not running as root)
 */
public record UnpackResult(Digest digest, Digest diffId, Compression compression, long entries, long bytes,
                           boolean ownershipApplied) {
    public UnpackResult {
        java.util.Objects.requireNonNull(digest, "digest");
        java.util.Objects.requireNonNull(diffId, "diffId");
        java.util.Objects.requireNonNull(compression, "compression");
    }
}
