package dev.xc.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open an engine.
 *
 * @param configFile an {@code xc.conf} (YAML or JSON); empty means {@code /usr/local/etc/xc.conf} if it exists, else
 *        the embedded default (state under a per-user directory, plain-directory storage, no firewall)
 * @param stateDirectory overrides where the embedded default keeps its state
 * @param socketPath the daemon socket, for the remote engine
 * @param overrides configuration keys that win over the file ({@code image_dataset}, {@code storage}, ...)
 */
public record EngineOptions(Optional<Path> configFile, Optional<Path> stateDirectory, Optional<Path> socketPath,
                            Map<String, String> overrides) {

    public EngineOptions {
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        Objects.requireNonNull(socketPath, "socketPath");
        overrides = Map.copyOf(overrides);
    }

    /** Defaults everywhere. */
    public static EngineOptions defaults() {
        return new EngineOptions(Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    public EngineOptions withConfigFile(Path p) {
        return new EngineOptions(Optional.of(p), stateDirectory, socketPath, overrides);
    }

    public EngineOptions withStateDirectory(Path p) {
        return new EngineOptions(configFile, Optional.of(p), socketPath, overrides);
    }

    public EngineOptions withSocketPath(Path p) {
        return new EngineOptions(configFile, stateDirectory, Optional.of(p), overrides);
    }

    public EngineOptions withOverrides(Map<String, String> o) {
        return new EngineOptions(configFile, stateDirectory, socketPath, o);
    }
}
