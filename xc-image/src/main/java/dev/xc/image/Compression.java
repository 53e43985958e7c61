package dev.xc.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Optional;

/**
 * How a layer blob is compressed. Known from the descriptor's media type
 * ({@code application/vnd.oci.image.layer.v1.tar+gzip}, {@code ...tar+zstd}, Docker's
 * {@code application/vnd.docker.image.rootfs.diff.tar.gzip}) and confirmed by the first bytes of the blob
 * (gzip {@code 1f 8b}, zstd {@code 28 b5 2f fd}).
 */
public enum Compression {
    /** An uncompressed tar stream. */
    NONE,
    /** gzip (RFC 1952), possibly several members. */
    GZIP,
    /** Zstandard frames. */
    ZSTD;

    /** The compression a layer media type declares; empty when the media type is not a known layer type. */
    public static Optional<Compression> fromMediaType(String mediaType) {
        return switch (mediaType) {
            case MediaTypes.OCI_LAYER, MediaTypes.OCI_LAYER_NONDISTRIBUTABLE, MediaTypes.DOCKER_LAYER_TAR ->
                    Optional.of(NONE);
            case MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_GZIP, MediaTypes.DOCKER_LAYER,
                 MediaTypes.DOCKER_LAYER_FOREIGN -> Optional.of(GZIP);
            case MediaTypes.OCI_LAYER_ZSTD, MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_ZSTD -> Optional.of(ZSTD);
            default -> Optional.empty();
        };
    }

    /** The compression the first bytes of a blob show; {@link #NONE} when neither magic number is there. */
    public static Compression detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** The OCI layer media type for this compression. */
    public String ociMediaType() {
        return switch (this) {
            case NONE -> MediaTypes.OCI_LAYER;
            case GZIP -> MediaTypes.OCI_LAYER_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
        };
    }

    /**
     * Reconciles the declared and the detected compression: the magic bytes decide, except that a blob declared
     * compressed that does not start with that compression's magic number is malformed.
     */
    static Compression reconcile(Optional<Compression> declared, Compression detected, String what) {
        if (declared.isPresent() && declared.get() != NONE && declared.get() != detected) {
            throw XcException.of(ErrorCode.MALFORMED_CONTENT,
                    what + " is declared " + declared.get().name().toLowerCase(java.util.Locale.ROOT)
                            + " but its first bytes are not a " + declared.get().name().toLowerCase(java.util.Locale.ROOT)
                            + " header",
                    "the registry or the image is broken; pull again or rebuild the image");
        }
        return detected;
    }
}
