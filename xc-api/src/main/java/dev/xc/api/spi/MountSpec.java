package dev.xc.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * One mount inside a jail root.
 *
 * @param fsType file system type: {@code devfs}, {@code nullfs}, {@code tmpfs}, {@code procfs}, {@code fdescfs},
 *        {@code linprocfs}, {@code linsysfs}
 * @param source what to mount (a host path for nullfs, the type name for pseudo file systems)
 * @param target the mount point, relative to the jail root
 * @param options mount options ({@code ro}, {@code ruleset=N}, ...), applied as given
 */
public record MountSpec(String fsType, String source, String target, List<String> options) {

    public MountSpec {
        Objects.requireNonNull(fsType, "fsType");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        options = List.copyOf(options);
    }

    public boolean readOnly() {
        return options.contains("ro");
    }
}
