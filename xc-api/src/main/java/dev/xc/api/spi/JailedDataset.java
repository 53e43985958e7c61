package dev.xc.api.spi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Objects;

/**
 * A ZFS dataset handed to a running jail ({@code zfs set jailed=on}, {@code zfs jail}), so the jail can manage it
 * itself: what poudriere inside a container needs.
 *
 * @param dataset the dataset name, for example {@code zroot/poudriere}
 * @param jail the jail's name
 */
public record JailedDataset(String dataset, String jail) {

    public JailedDataset {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(jail, "jail");
        if (dataset.isEmpty() || dataset.contains("@") || dataset.contains("#") || dataset.startsWith("/")
                || dataset.endsWith("/")) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "'" + dataset + "' is not a ZFS file system name",
                    "name a file system such as zroot/poudriere (no snapshot, bookmark or path)");
        }
        if (jail.isEmpty()) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "a jailed dataset needs a jail name",
                    "give the name of the running jail");
        }
    }

    @Override
    public String toString() {
        return dataset + " -> " + jail;
    }
}
