package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Objects;
import java.util.Set;

/**
 * A pseudo file system an image wants mounted in its container, such as {@code fdescfs} on {@code /dev/fd} or
 * {@code procfs} on {@code /proc}. The types are {@value #PROCFS}, {@value #FDESCFS}, {@value #LINPROCFS},
 * {@value #LINSYSFS} and {@value #TMPFS}.
 *
 * @param mountPoint the absolute mount point inside the container
 * @param mountType the file system type
 */
public record SpecialMount(String mountPoint, String mountType) {

    public static final String PROCFS = "procfs";
    public static final String FDESCFS = "fdescfs";
    public static final String LINPROCFS = "linprocfs";
    public static final String LINSYSFS = "linsysfs";
    public static final String TMPFS = "tmpfs";

    /** The accepted mount types. */
    public static final Set<String> TYPES = Set.of(PROCFS, FDESCFS, LINPROCFS, LINSYSFS, TMPFS);

    public SpecialMount {
        Checks.absolutePath(mountPoint, "special mount point", ErrorCode.INVALID_IMAGE_CONFIG);
        Objects.requireNonNull(mountType, "mountType");
        if (!TYPES.contains(mountType)) {
            throw XcException.invalid(ErrorCode.INVALID_IMAGE_CONFIG,
                    "unsupported special mount type '" + mountType + "' on " + mountPoint,
                    "use one of fdescfs, linprocfs, linsysfs, procfs, tmpfs");
        }
    }

    /** {@code fdescfs} on {@code /dev/fd}. */
    public static SpecialMount fdescfs() {
        return new SpecialMount("/dev/fd", FDESCFS);
    }

    /** {@code procfs} on {@code /proc}. */
    public static SpecialMount procfs() {
        return new SpecialMount("/proc", PROCFS);
    }
}
