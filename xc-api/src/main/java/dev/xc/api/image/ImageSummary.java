package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of {@code xc images}: a local reference and what it points to.
 *
 * @param reference the local reference (one row per tag)
 * @param digest the manifest digest
 * @param platform the platform the image is built for
 * @param size the bytes its layers take, at least 0
 * @param created when the image was built, if it says
 */
public record ImageSummary(ImageReference reference, Digest digest, Platform platform, long size,
                           Optional<Instant> created) {

    public ImageSummary {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(created, "created");
        if (size < 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "image size " + size + " is negative",
                    "give the size in bytes, 0 or more");
        }
    }
}
