package dev.xc.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's effective configuration: the original xc's {@code xc.conf} keys plus the backend choices this
 * implementation adds. Built by {@link ConfigLoader} from YAML (or JSON), or directly by an embedding program.
 *
 * @param extInterfaces {@code ext_ifs}: external interfaces port redirects apply on
 * @param imageDataset {@code image_dataset}: parent dataset of image layers (ZFS storage)
 * @param containerDataset {@code container_dataset}: parent dataset of container roots (ZFS storage)
 * @param defaultVolumeDataset {@code default_volume_dataset}: parent dataset of ZFS volumes
 * @param defaultVolumeDirectory {@code default_volume_directory}: parent directory of directory volumes
 * @param defaultVolumeDriver {@code default_volume_driver}: {@code zfs} or {@code directory}
 * @param imageDatabaseStore {@code image_database_store}: SQLite file of the image store
 * @param databaseStore {@code database_store}: SQLite file of engine state (containers, networks, journal)
 * @param layersDir {@code layers_dir}: content-addressed blobs and temporary files
 * @param logsDir {@code logs_dir}: container logs
 * @param socketPath {@code socket_path}: the daemon's UNIX socket
 * @param registries {@code registries}: registry credentials file ({@code registries.json})
 * @param inventory {@code inventory}: networks and volumes file ({@code inventory.json})
 * @param devfsIdOffset {@code devfs_id_offset}: first generated devfs ruleset number (1..65535)
 * @param forceDevfsRuleset {@code force_devfs_ruleset}: use this ruleset and never generate one
 * @param warnOnly {@code warn_only}: warn instead of failing on missing interfaces and datasets at start-up
 * @param stateDir {@code state_dir}: where the embedded default keeps everything (our addition)
 * @param backends chosen provider name per kind ({@code storage}, {@code jail}, {@code firewall}, {@code devfs},
 *        {@code tracing}); a kind absent here is chosen by priority; {@code none} disables an optional kind. The key
 *        {@code host} names the host the embedded engine runs on ({@code local} or {@code simulated})
 * @param backendSettings each provider's own settings section ({@code backends: {pf: {...}}})
 */
public record EngineConfig(List<String> extInterfaces, Optional<String> imageDataset,
                           Optional<String> containerDataset, Optional<String> defaultVolumeDataset,
                           Optional<Path> defaultVolumeDirectory, Optional<String> defaultVolumeDriver,
                           Path imageDatabaseStore, Path databaseStore, Path layersDir, Path logsDir,
                           Path socketPath, Path registries, Path inventory, int devfsIdOffset,
                           Optional<Integer> forceDevfsRuleset, boolean warnOnly, Path stateDir,
                           Map<String, String> backends, Map<String, Map<String, String>> backendSettings) {

    /** The backend kinds, in the order {@code xc info} lists them. */
    public static final List<String> KINDS = List.of("storage", "jail", "firewall", "devfs", "tracing", "host");

    public EngineConfig {
        extInterfaces = List.copyOf(extInterfaces);
        Objects.requireNonNull(imageDataset, "imageDataset");
        Objects.requireNonNull(containerDataset, "containerDataset");
        Objects.requireNonNull(defaultVolumeDataset, "defaultVolumeDataset");
        Objects.requireNonNull(defaultVolumeDirectory, "defaultVolumeDirectory");
        Objects.requireNonNull(defaultVolumeDriver, "defaultVolumeDriver");
        Objects.requireNonNull(imageDatabaseStore, "imageDatabaseStore");
        Objects.requireNonNull(databaseStore, "databaseStore");
        Objects.requireNonNull(layersDir, "layersDir");
        Objects.requireNonNull(logsDir, "logsDir");
        Objects.requireNonNull(socketPath, "socketPath");
        Objects.requireNonNull(registries, "registries");
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(forceDevfsRuleset, "forceDevfsRuleset");
        Objects.requireNonNull(stateDir, "stateDir");
        backends = Map.copyOf(backends);
        for (String k : backends.keySet()) {
            if (!KINDS.contains(k)) {
                throw new IllegalArgumentException("unknown backend kind '" + k + "'; kinds are " + KINDS);
            }
        }
        Map<String, Map<String, String>> copy = new java.util.TreeMap<>();
        backendSettings.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        backendSettings = java.util.Collections.unmodifiableMap(copy);
        if (devfsIdOffset < 1 || devfsIdOffset > 65535) {
            throw new IllegalArgumentException("devfs_id_offset must be 1..65535, got " + devfsIdOffset);
        }
    }

    /** The provider name configured for {@code kind}, if any. */
    public Optional<String> backend(String kind) {
        return Optional.ofNullable(backends.get(kind));
    }

    /** The settings section of provider {@code name} (empty when none is configured). */
    public Map<String, String> settingsOf(String name) {
        return backendSettings.getOrDefault(name, Map.of());
    }

    /** The configuration as {@code xc.conf} keys and text values, for {@code xc info}. Holds no secrets. */
    public Map<String, String> describe() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("ext_ifs", String.join(",", extInterfaces));
        imageDataset.ifPresent(v -> m.put("image_dataset", v));
        containerDataset.ifPresent(v -> m.put("container_dataset", v));
        defaultVolumeDataset.ifPresent(v -> m.put("default_volume_dataset", v));
        defaultVolumeDirectory.ifPresent(v -> m.put("default_volume_directory", v.toString()));
        defaultVolumeDriver.ifPresent(v -> m.put("default_volume_driver", v));
        m.put("image_database_store", imageDatabaseStore.toString());
        m.put("database_store", databaseStore.toString());
        m.put("layers_dir", layersDir.toString());
        m.put("logs_dir", logsDir.toString());
        m.put("socket_path", socketPath.toString());
        m.put("registries", registries.toString());
        m.put("inventory", inventory.toString());
        m.put("devfs_id_offset", Integer.toString(devfsIdOffset));
        forceDevfsRuleset.ifPresent(v -> m.put("force_devfs_ruleset", v.toString()));
        m.put("warn_only", Boolean.toString(warnOnly));
        m.put("state_dir", stateDir.toString());
        for (String k : KINDS) {
            backend(k).ifPresent(v -> m.put(k, v));
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
