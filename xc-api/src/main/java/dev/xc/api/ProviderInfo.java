package dev.xc.api;

import java.util.Objects;

/**
 * A backend provider the engine found, and what it made of it.
 *
 * @param kind the backend kind: {@code jail}, {@code storage}, {@code firewall}, {@code devfs}, {@code tracing}
 * @param name the provider's name ({@code zfs}, {@code pf}, ...)
 * @param priority its priority
 * @param description one line about it
 * @param supported whether it works on this host
 * @param reason why not, when it does not
 * @param selected whether the engine uses it
 */
public record ProviderInfo(String kind, String name, int priority, String description, boolean supported,
                           String reason, boolean selected) {
    public ProviderInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(reason, "reason");
    }
}
