package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A volume an image expects, the original xc's {@code MountSpec}: where it is mounted in the container, whether a
 * run must provide it, whether it is mounted read-only, and hints for creating a fitting volume.
 *
 * <p>Hints named {@code zfs.<property>} become {@code zfs create -o <property>=<value>} when a ZFS volume is created
 * for this spec, e.g. {@code zfs.compression=off}, {@code zfs.atime=off}; other hints are kept for other backends.
 *
 * @param description what the volume holds, for people
 * @param destination the absolute mount point inside the container, without {@code .} or {@code ..} components
 * @param hints creation hints, in the image's order
 * @param readOnly whether the volume is mounted read-only (and really is: the original xc dropped the flag)
 * @param required whether a run must mount a volume here
 */
public record VolumeSpec(String description, String destination, Map<String, String> hints, boolean readOnly,
                         boolean required) {

    /** The prefix of hints that are ZFS properties. */
    public static final String ZFS_PREFIX = "zfs.";

    public VolumeSpec {
        Objects.requireNonNull(description, "description");
        Checks.absolutePath(destination, "volume destination", ErrorCode.INVALID_IMAGE_CONFIG);
        hints = Checks.orderedCopy(hints, "hints");
        for (String k : hints.keySet()) {
            Checks.nonBlank(k, "volume hint name", ErrorCode.INVALID_IMAGE_CONFIG);
            if (k.equals(ZFS_PREFIX)) {
                throw XcException.invalid(ErrorCode.INVALID_IMAGE_CONFIG,
                        "volume hint '" + k + "' for " + destination + " names no ZFS property",
                        "write it as zfs.<property>, e.g. zfs.compression=off");
            }
        }
    }

    /** A plain volume spec: no description, no hints, read-write, optional. */
    public static VolumeSpec at(String destination) {
        return new VolumeSpec("", destination, Map.of(), false, false);
    }

    /**
     * The ZFS properties among the hints: keys that start with {@code zfs.}, with the prefix removed, in order
     * ({@code zfs.compression=off} gives {@code compression=off}). The original matched any key containing
     * {@code zfs.}; only the prefix counts here.
     */
    public Map<String, String> zfsProperties() {
        Map<String, String> out = new LinkedHashMap<>();
        hints.forEach((k, v) -> {
            if (k.startsWith(ZFS_PREFIX)) {
                out.put(k.substring(ZFS_PREFIX.length()), v);
            }
        });
        return Collections.unmodifiableMap(out);
    }
}
