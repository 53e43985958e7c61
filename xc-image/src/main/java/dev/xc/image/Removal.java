package dev.xc.image;

import dev.xc.api.image.Digest;

import java.util.List;
import java.util.Map;

/**
 * What removing images freed: blobs no image references any more (delete them from the {@link BlobStore}) and layer
 * chains no image uses any more, with the dataset each was stored in (remove them from the storage backend, top
 * first: the list is ordered children before parents).
 *
 * @param images   the manifests removed
 * @param blobs    the blobs no longer referenced
 * @param chains   the chain ids no longer used, children before parents
 * @param datasets the dataset of each freed chain that had one
 */
public record Removal(List<Digest> images, List<Digest> blobs, List<Digest> chains, Map<Digest, String> datasets) {
    public Removal {
        images = List.copyOf(images);
        blobs = List.copyOf(blobs);
        chains = List.copyOf(chains);
        datasets = Map.copyOf(datasets);
    }
}
