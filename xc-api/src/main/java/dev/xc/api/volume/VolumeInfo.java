package dev.xc.api.volume;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named volume as {@code xc volume list} reports it and the inventory stores it.
 *
 * @param name the volume name
 * @param driver how it is stored
 * @param device its directory, or the mount point of its dataset
 * @param options driver options (ZFS properties for {@code zfs}), in a stable order
 * @param authorizedUsers users allowed to mount it; empty means everyone
 * @param rwUsers users allowed to mount it read-write; others get it read-only
 * @param usedBytes space its data takes, when the storage can tell (a dataset's {@code used}, or the sum of the file
 *        sizes of a directory)
 * @param usedBy the containers (names) that mount it, in name order; a volume is not removed while this is not empty
 */
public record VolumeInfo(String name, VolumeDriver driver, Path device, Map<String, String> options,
                         List<String> authorizedUsers, List<String> rwUsers, Optional<Long> usedBytes,
                         List<String> usedBy) {
    public VolumeInfo {
        VolumeCreateRequest.checkName(name);
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(device, "device");
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        options.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "option"), Objects.requireNonNull(v, k)));
        options = Collections.unmodifiableMap(copy);
        authorizedUsers = List.copyOf(authorizedUsers);
        rwUsers = List.copyOf(rwUsers);
        Objects.requireNonNull(usedBytes, "usedBytes");
        usedBytes.ifPresent(b -> {
            if (b < 0) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "volume '" + name + "' cannot use " + b
                        + " bytes", "report the used space in bytes, zero or more");
            }
        });
        usedBy = List.copyOf(usedBy);
    }

    /** A volume whose usage is not known and that no container mounts. */
    public VolumeInfo(String name, VolumeDriver driver, Path device, Map<String, String> options,
                      List<String> authorizedUsers, List<String> rwUsers) {
        this(name, driver, device, options, authorizedUsers, rwUsers, Optional.empty(), List.of());
    }

    /** Whether {@code user} may mount this volume at all. */
    public boolean mayMount(String user) {
        return authorizedUsers.isEmpty() || authorizedUsers.contains(user);
    }
}
