package dev.xc.api.image;

import java.util.Objects;

/**
 * A request to push a local image to a registry ({@code xc push LOCAL REMOTE [--insecure]}).
 *
 * @param local the local image
 * @param remote where to push it
 * @param insecure whether to talk plain HTTP to a registry that has no credentials entry
 */
public record PushRequest(ImageReference local, ImageReference remote, boolean insecure) {

    public PushRequest {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
    }
}
