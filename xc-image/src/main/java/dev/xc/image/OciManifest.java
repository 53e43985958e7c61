package dev.xc.image;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI image manifest or Docker schema 2 manifest: one config and the layers, bottom first.
 *
 * @param schemaVersion always 2
 * @param mediaType     {@link MediaTypes#OCI_MANIFEST} or {@link MediaTypes#DOCKER_MANIFEST}
 * @param config        the image config blob
 * @param layers        the layer blobs, bottom first
 * @param annotations   annotations, in document order
 */
public record OciManifest(int schemaVersion, String mediaType, OciDescriptor config, List<OciDescriptor> layers,
                          Map<String, String> annotations) {
    public OciManifest {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        annotations = ImageJson.ordered(annotations);
    }
}
