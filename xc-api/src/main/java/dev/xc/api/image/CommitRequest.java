package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Objects;

/**
 * A request to save a container's file system changes as a new image ({@code xc commit CONTAINER TARGET}).
 *
 * @param container the container's name or id
 * @param target the name of the new image
 */
public record CommitRequest(String container, ImageReference target) {

    public CommitRequest {
        Checks.nonBlank(container, "container name", ErrorCode.INVALID_NAME);
        Checks.noControl(container, "container name", ErrorCode.INVALID_NAME);
        if (container.chars().anyMatch(Character::isWhitespace)) {
            throw XcException.invalid(ErrorCode.INVALID_NAME,
                    "container name '" + container + "' contains a space", "give the container's name or id");
        }
        Objects.requireNonNull(target, "target");
    }
}
