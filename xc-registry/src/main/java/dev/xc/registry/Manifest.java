package dev.xc.registry;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.registry.internal.ManifestCodec;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A manifest or an index exactly as the registry stored it: the raw bytes (whose digest names it) plus a small
 * parsed view. The full OCI model lives in the image module; this view holds what distribution needs: the media type,
 * the config and layer descriptors of an image manifest, and the entries (with platforms) of an index.
 *
 * <p>Instances made by {@link #parse(byte[], Optional, Optional)} or fetched by {@link RegistryClient} have had their
 * bytes checked against {@link #digest()}. {@link #bytes()} returns a copy; equality is by media type and digest.
 *
 * @param mediaType one of {@link MediaTypes#MANIFEST_ACCEPT}
 * @param digest the digest of {@link #bytes()}
 * @param config the config blob of an image manifest; empty for an index
 * @param layers the layer blobs of an image manifest, base first; empty for an index
 * @param manifests the entries of an index; empty for an image manifest
 */
public record Manifest(String mediaType, Digest digest, byte[] bytes, Optional<Descriptor> config,
                       List<Descriptor> layers, List<Descriptor> manifests) {

    public Manifest {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(config, "config");
        bytes = bytes.clone();
        layers = List.copyOf(layers);
        manifests = List.copyOf(manifests);
        if (!MediaTypes.MANIFEST_ACCEPT.contains(mediaType)) {
            throw XcException.of(ErrorCode.MALFORMED_CONTENT, "unsupported manifest media type '" + mediaType + "'",
                    "xc reads " + String.join(", ", MediaTypes.MANIFEST_ACCEPT));
        }
        if (MediaTypes.isIndex(mediaType) ? config.isPresent() || !layers.isEmpty() : config.isEmpty()) {
            throw XcException.of(ErrorCode.MALFORMED_CONTENT, "manifest " + digest + " of type " + mediaType
                    + (config.isEmpty() ? " has no config" : " has a config or layers"), "");
        }
        if (!digest.matches(digest.newMessageDigest().digest(bytes))) {
            throw XcException.of(ErrorCode.DIGEST_MISMATCH, "manifest bytes do not match " + digest, "");
        }
    }

    /**
     * Parses and verifies manifest bytes.
     *
     * @param contentType the {@code Content-Type} the registry sent, used when the JSON has no {@code mediaType}
     * @param expected the digest the bytes must have; without it the sha256 of the bytes is taken
     * @throws XcException {@link ErrorCode#DIGEST_MISMATCH} when the bytes do not match {@code expected};
     *         {@link ErrorCode#MALFORMED_CONTENT} when they are not a manifest or index this client reads
     */
    public static Manifest parse(byte[] bytes, Optional<String> contentType, Optional<Digest> expected) {
        Digest digest = expected.orElseGet(() -> Digest.sha256(bytes));
        if (expected.isPresent() && !expected.get().matches(expected.get().newMessageDigest().digest(bytes))) {
            throw XcException.of(ErrorCode.DIGEST_MISMATCH,
                    "manifest content does not match its digest " + expected.get() + " (got "
                            + Digest.of(expected.get().algorithm(), bytes) + ")",
                    "the registry or a proxy altered the manifest; nothing was kept. Retry, and report it to the "
                            + "registry's operator if it persists");
        }
        return ManifestCodec.parse(bytes, contentType, digest);
    }

    /** Serialises an image manifest ({@link MediaTypes#OCI_MANIFEST} or {@link MediaTypes#DOCKER_MANIFEST}). */
    public static Manifest image(String mediaType, Descriptor config, List<Descriptor> layers) {
        if (!MediaTypes.isImageManifest(mediaType)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "'" + mediaType + "' is not an image manifest type",
                    "use " + MediaTypes.OCI_MANIFEST);
        }
        byte[] json = ManifestCodec.writeImage(mediaType, config, layers);
        return new Manifest(mediaType, Digest.sha256(json), json, Optional.of(config), layers, List.of());
    }

    /** Serialises an index ({@link MediaTypes#OCI_INDEX} or {@link MediaTypes#DOCKER_MANIFEST_LIST}). */
    public static Manifest index(String mediaType, List<Descriptor> manifests) {
        if (!MediaTypes.isIndex(mediaType)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "'" + mediaType + "' is not an index type",
                    "use " + MediaTypes.OCI_INDEX);
        }
        byte[] json = ManifestCodec.writeIndex(mediaType, manifests);
        return new Manifest(mediaType, Digest.sha256(json), json, Optional.empty(), List.of(), manifests);
    }

    /** A copy of the raw bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The length of the raw bytes. */
    public int size() {
        return bytes.length;
    }

    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    /** A descriptor of this manifest, for an index entry or a push. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && m.mediaType.equals(mediaType) && m.digest.equals(digest)
                && Arrays.equals(m.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + mediaType + " " + digest + ", " + bytes.length + " bytes"
                + (isIndex() ? ", " + manifests.size() + " entries" : ", " + layers.size() + " layers") + "]";
    }
}
