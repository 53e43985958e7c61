package dev.xc.api.volume;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named volume as {@code xc volume list} reports it and the inventory stores it.
 *
 * @param name the volume name
 * @param driver how it is stored
 * @param device its directory, or the mount point of its dataset
 * @param options driver options (ZFS properties for {@code zfs}), in a stable order
 * @param authorizedUsers users allowed to mount it; empty means everyone
 * @param rwUsers users allowed to mount it read-write; others get it read-only
 */
public record VolumeInfo(String name, VolumeDriver driver, Path device, Map<String, String> options,
                         List<String> authorizedUsers, List<String> rwUsers) {
    public VolumeInfo {
        VolumeCreateRequest.checkName(name);
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(device, "device");
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        options.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "option"), Objects.requireNonNull(v, k)));
        options = Collections.unmodifiableMap(copy);
        authorizedUsers = List.copyOf(authorizedUsers);
        rwUsers = List.copyOf(rwUsers);
    }

    /** Whether {@code user} may mount this volume at all. */
    public boolean mayMount(String user) {
        return authorizedUsers.isEmpty() || authorizedUsers.contains(user);
    }
}
