package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Map;

/**
 * A ZFS dataset an image wants jailed into its container (so that software inside can manage it, like Poudriere),
 * with the properties it must have.
 *
 * @param name the dataset name relative to the pool, e.g. {@code zroot/poudriere}; no leading {@code /}, no
 *     snapshot {@code @}
 * @param required whether a run must provide it
 * @param requiredProps ZFS properties the dataset must have, in the image's order
 */
public record DatasetSpec(String name, boolean required, Map<String, String> requiredProps) {

    public DatasetSpec {
        Checks.nonBlank(name, "dataset name", ErrorCode.INVALID_IMAGE_CONFIG);
        Checks.noControl(name, "dataset name", ErrorCode.INVALID_IMAGE_CONFIG);
        if (name.startsWith("/") || name.endsWith("/") || name.contains("//") || name.contains("@")
                || name.contains(" ")) {
            throw XcException.invalid(ErrorCode.INVALID_IMAGE_CONFIG, "invalid dataset name '" + name
                            + "': it must be pool/path without a leading or trailing '/', spaces or '@'",
                    "write it like zroot/poudriere");
        }
        requiredProps = Checks.orderedCopy(requiredProps, "requiredProps");
    }
}
