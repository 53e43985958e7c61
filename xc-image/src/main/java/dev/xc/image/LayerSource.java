package dev.xc.image;

import dev.xc.api.image.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * One layer to unpack: where its bytes come from (a registry response, a blob file), its media type, and the
 * digests it must match. The stream is opened once, read to its end and closed by the unpacker.
 *
 * @param opener    opens the blob (compressed bytes as stored); may do network I/O
 * @param mediaType the descriptor's media type; an empty string when unknown (the magic bytes decide)
 * @param digest    the descriptor digest to verify, when known
 * @param diffId    the config's {@code rootfs.diff_ids} entry to verify, when known
 */
public record LayerSource(Opener opener, String mediaType, Optional<Digest> digest, Optional<Digest> diffId) {

    /** Opens a blob stream. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public LayerSource {
        Objects.requireNonNull(opener, "opener");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(diffId, "diffId");
    }

    /** A layer blob on disk, e.g. from {@link BlobStore#path(Digest)}. */
    public static LayerSource ofFile(java.nio.file.Path file, String mediaType, Optional<Digest> digest) {
        return new LayerSource(() -> java.nio.file.Files.newInputStream(file), mediaType, digest, Optional.empty());
    }
}
