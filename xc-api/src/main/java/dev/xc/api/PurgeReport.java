package dev.xc.api;

import java.util.List;

/**
 * What {@code xc purge} removed: untagged images, layer chains no image uses, and blobs nothing references.
 *
 * @param images manifest digests removed
 * @param layers layer chain ids removed from storage
 * @param blobs content-store blobs removed
 * @param freedBytes bytes freed, as far as the storage can tell
 */
public record PurgeReport(List<String> images, List<String> layers, List<String> blobs, long freedBytes) {
    public PurgeReport {
        images = List.copyOf(images);
        layers = List.copyOf(layers);
        blobs = List.copyOf(blobs);
        if (freedBytes < 0) {
            throw new IllegalArgumentException("freedBytes must not be negative");
        }
    }
}
