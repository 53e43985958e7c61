package dev.xc.image;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI image index or Docker manifest list: the manifests of one image for several platforms.
 *
 * @param schemaVersion always 2
 * @param mediaType     {@link MediaTypes#OCI_INDEX} or {@link MediaTypes#DOCKER_MANIFEST_LIST}
 * @param manifests     the entries, each with a platform when the document gives one
 * @param annotations   annotations, in document order
 */
public record OciIndex(int schemaVersion, String mediaType, List<OciDescriptor> manifests,
                       Map<String, String> annotations) {
    public OciIndex {
        Objects.requireNonNull(mediaType, "mediaType");
        manifests = List.copyOf(manifests);
        annotations = ImageJson.ordered(annotations);
    }
}
