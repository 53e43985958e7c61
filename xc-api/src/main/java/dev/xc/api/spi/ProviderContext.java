package dev.xc.api.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider's factory receives.
 *
 * @param host the host door
 * @param settings every {@code xc.conf} key as written there ({@code image_dataset}, {@code ext_ifs}, ...), overlaid
 *        with the provider's own section {@code backends: {NAME: {...}}}
 * @param stateDirectory a directory the backend may keep files in
 */
public record ProviderContext(Host host, Map<String, String> settings, Path stateDirectory) {

    public ProviderContext {
        Objects.requireNonNull(host, "host");
        settings = Map.copyOf(settings);
        Objects.requireNonNull(stateDirectory, "stateDirectory");
    }

    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }
}
