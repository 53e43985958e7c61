package dev.xc.api.image;

import java.util.Objects;
import java.util.Optional;

/**
 * A request to pull an image ({@code xc pull REFERENCE [LOCAL_NAME] [--platform P]}).
 *
 * @param reference what to pull; a reference without a registry means Docker Hub
 * @param platform the platform to pick from a multi-platform image; empty for the {@link PlatformPolicy} default
 *     (FreeBSD first, then Linux)
 * @param localName an extra local name to tag the pulled image with
 */
public record PullRequest(ImageReference reference, Optional<Platform> platform, Optional<ImageReference> localName) {

    public PullRequest {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(localName, "localName");
    }

    /** Pulls {@code reference} for the default platform, with no extra name. */
    public static PullRequest of(ImageReference reference) {
        return new PullRequest(reference, Optional.empty(), Optional.empty());
    }
}
