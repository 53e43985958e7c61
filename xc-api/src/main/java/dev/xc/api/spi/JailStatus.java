package dev.xc.api.spi;

import java.nio.file.Path;
import java.util.Objects;

/** A jail the kernel knows: its name, jail id and root. */
public record JailStatus(String name, int jid, Path path) {
    public JailStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
    }
}
