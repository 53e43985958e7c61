package dev.xc.api.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A persistent jail to create.
 *
 * @param name jail name ({@code name} parameter); letters, digits, {@code _} and {@code -}, not all digits
 * @param path the jail's root directory ({@code path} parameter)
 * @param parameters further kernel jail parameters by name ({@code host.hostname}, {@code ip4.addr}, {@code vnet},
 *        {@code allow.raw_sockets}, ...), in jail(8)'s text form; the runtime validates each against its type
 * @param mounts file systems to mount inside the root before the jail starts, unmounted in reverse on removal
 */
public record JailSpec(String name, Path path, Map<String, String> parameters, List<MountSpec> mounts) {

    public JailSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        parameters = Map.copyOf(parameters);
        mounts = List.copyOf(mounts);
    }
}
