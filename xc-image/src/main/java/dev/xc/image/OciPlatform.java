package dev.xc.image;

import dev.xc.api.image.Platform;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The platform of an index entry, spelled as the document spells it ({@code "FreeBSD"} as the original xc writes
 * it is kept as written; {@link #toPlatform()} normalises).
 */
public record OciPlatform(String architecture, String os, Optional<String> osVersion, List<String> osFeatures,
                          Optional<String> variant, List<String> features) {
    public OciPlatform {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(osVersion, "osVersion");
        Objects.requireNonNull(variant, "variant");
        osFeatures = List.copyOf(osFeatures);
        features = List.copyOf(features);
    }

    /** The normalised platform ({@code FreeBSD} → {@code freebsd}, {@code x86_64} → {@code amd64}). */
    public Platform toPlatform() {
        return new Platform(os, architecture, variant);
    }

    /** The entry for {@code p}, with nothing optional set. */
    public static OciPlatform of(Platform p) {
        return new OciPlatform(p.architecture(), p.os(), Optional.empty(), List.of(), p.variant(), List.of());
    }
}
