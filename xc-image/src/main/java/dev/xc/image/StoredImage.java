package dev.xc.image;

import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;

import java.util.List;
import java.util.Objects;

/**
 * An image known to the {@link ImageStore}.
 *
 * @param manifest  the manifest digest (the image id)
 * @param mediaType the manifest media type
 * @param config    the config digest
 * @param layers    the layers, bottom first
 * @param tags      the references tagged to it, sorted
 */
public record StoredImage(Digest manifest, String mediaType, Digest config, List<StoredLayer> layers,
                          List<ImageReference> tags) {
    public StoredImage {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        tags = List.copyOf(tags);
    }

    /** Every blob the image needs: manifest, config and layers. */
    public List<Digest> blobs() {
        java.util.ArrayList<Digest> out = new java.util.ArrayList<>();
        out.add(manifest);
        out.add(config);
        layers.forEach(l -> out.add(l.blob()));
        return out;
    }
}
