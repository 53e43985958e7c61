package dev.xc.registry;

import java.util.List;
import java.util.Locale;

/** The media types of manifests and indexes this client understands, and the {@code Accept} list it sends. */
public final class MediaTypes {

    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /** What a manifest request accepts, best first: OCI index and manifest, Docker list and schema 2. */
    public static final List<String> MANIFEST_ACCEPT = List.of(OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST,
            DOCKER_MANIFEST);

    private MediaTypes() {
    }

    /** Whether {@code mediaType} is an index (OCI index or Docker manifest list). */
    public static boolean isIndex(String mediaType) {
        return mediaType.equals(OCI_INDEX) || mediaType.equals(DOCKER_MANIFEST_LIST);
    }

    /** Whether {@code mediaType} is a single-platform image manifest (OCI or Docker schema 2). */
    public static boolean isImageManifest(String mediaType) {
        return mediaType.equals(OCI_MANIFEST) || mediaType.equals(DOCKER_MANIFEST);
    }

    /** A {@code Content-Type} value without parameters, in lower case: {@code a/b; charset=utf-8} gives {@code a/b}. */
    public static String essence(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
