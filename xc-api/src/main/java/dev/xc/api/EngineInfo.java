package dev.xc.api;

import dev.xc.api.spi.HostInfo;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code xc info} shows: the engine's version, the host, every provider found and which were selected, the
 * effective configuration, and any warnings (a kind with no provider, pf.conf lines still to add, ...).
 *
 * @param version the engine version
 * @param mode {@code embedded} or {@code remote}
 * @param host facts about the host
 * @param providers every provider found, per kind
 * @param configuration the effective configuration, keys as in {@code xc.conf} (no secrets), in a stable order
 * @param setup lines an administrator may still need to add (for example pf.conf anchors)
 * @param warnings things that work but deserve attention
 */
public record EngineInfo(String version, String mode, HostInfo host, List<ProviderInfo> providers,
                         Map<String, String> configuration, List<String> setup, List<String> warnings) {
    public EngineInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(host, "host");
        providers = List.copyOf(providers);
        configuration = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(configuration));
        setup = List.copyOf(setup);
        warnings = List.copyOf(warnings);
    }
}
