package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code xc image inspect} and {@code xc image describe} show about one local image: where it came from, what
 * it is made of, and its jail configuration.
 *
 * @param reference the reference it was looked up by
 * @param digest the digest of its manifest
 * @param platform the platform it is built for
 * @param config its jail configuration
 * @param diffIds the digests of its uncompressed layers, base first
 * @param chainId the ChainID of {@code diffIds} ({@link ChainId#of}); empty when there are no layers
 * @param created when the image was built, if it says
 * @param size the bytes its layers take, at least 0
 * @param tags every local reference that names this image
 */
public record ImageInfo(ImageReference reference, Digest digest, Platform platform, JailConfig config,
                        List<Digest> diffIds, Optional<Digest> chainId, Optional<Instant> created, long size,
                        List<ImageReference> tags) {

    public ImageInfo {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(config, "config");
        diffIds = List.copyOf(diffIds);
        Objects.requireNonNull(chainId, "chainId");
        Optional<Digest> computed = ChainId.of(diffIds);
        if (!chainId.equals(computed)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "chain id "
                            + chainId.map(Digest::toString).orElse("(none)") + " of image " + reference
                            + " does not match its layers, whose chain id is "
                            + computed.map(Digest::toString).orElse("(none)"),
                    "compute it with ChainId.of(diffIds), or use ImageInfo.of(...)");
        }
        Objects.requireNonNull(created, "created");
        if (size < 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "image size " + size + " is negative",
                    "give the size in bytes, 0 or more");
        }
        tags = List.copyOf(tags);
    }

    /** An image description whose ChainID is computed from {@code diffIds}. */
    public static ImageInfo of(ImageReference reference, Digest digest, Platform platform, JailConfig config,
                               List<Digest> diffIds, Optional<Instant> created, long size,
                               List<ImageReference> tags) {
        return new ImageInfo(reference, digest, platform, config, diffIds, ChainId.of(diffIds), created, size, tags);
    }

    /** The listing row for this image. */
    public ImageSummary summary() {
        return new ImageSummary(reference, digest, platform, size, created);
    }
}
