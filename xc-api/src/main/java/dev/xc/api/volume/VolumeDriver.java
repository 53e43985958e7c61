package dev.xc.api.volume;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Locale;

/** How a named volume stores its data: a host directory, or a ZFS dataset. */
public enum VolumeDriver {
    /** A directory on the host, mounted with nullfs. */
    DIRECTORY,
    /** A ZFS dataset, created under {@code default_volume_dataset} unless a device is given. */
    ZFS;

    /** {@code directory} or {@code zfs}, as the CLI and the inventory write it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code directory} or {@code zfs} (any case). */
    public static VolumeDriver parse(String text) {
        for (VolumeDriver d : values()) {
            if (d.id().equalsIgnoreCase(text)) {
                return d;
            }
        }
        throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "unknown volume driver '" + text + "'",
                "use directory or zfs");
    }
}
