package dev.xc.registry;

import dev.xc.api.image.ImageReference;
import dev.xc.api.image.Platform;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of resolving a reference: the single-platform manifest to pull, verified against its digest.
 *
 * @param reference the reference as asked, pinned to the manifest's digest
 * @param manifest the chosen image manifest
 * @param index the index it was chosen from, when the reference named a multi-platform image
 * @param platform the platform the index declared for the chosen manifest; empty for a single-platform image
 */
public record ResolvedImage(ImageReference reference, Manifest manifest, Optional<Manifest> index,
                            Optional<Platform> platform) {
    public ResolvedImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(platform, "platform");
    }
}
