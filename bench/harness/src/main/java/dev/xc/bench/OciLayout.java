package dev.xc.bench;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.image.ImageJson;
import dev.xc.image.OciDescriptor;
import dev.xc.image.OciImageConfig;
import dev.xc.image.OciIndex;
import dev.xc.image.OciManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An OCI image layout on disk (the directory {@code skopeo copy ... oci:DIR} and {@code umoci} write): an
 * {@code index.json} naming manifests by the annotation {@code org.opencontainers.image.ref.name}, and blobs under
 * {@code blobs/ALGORITHM/HEX}.
 *
 * <p>{@snippet :
 * OciLayout.Image img = OciLayout.open(Path.of("bench/.cache/oci")).image("debian");
 * Path firstLayer = img.layerFiles().getFirst();
 * }
 *
 * <p>Thread-safe: immutable; every call reads the files again.
 *
 * @param root the layout directory
 */
public record OciLayout(Path root) {

    /** The annotation that carries a manifest's tag in {@code index.json}. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    public OciLayout {
        Objects.requireNonNull(root, "root");
    }

    /**
     * Opens the layout at {@code root}.
     *
     * @throws XcException {@link ErrorCode#IMAGE_NOT_FOUND} when {@code root/index.json} does not exist
     */
    public static OciLayout open(Path root) {
        if (!Files.isRegularFile(root.resolve("index.json"))) {
            throw XcException.of(ErrorCode.IMAGE_NOT_FOUND,
                    "'" + root + "' is not an OCI image layout: it has no index.json",
                    "pass the directory that bench/fixtures made, e.g. bench/.cache/oci");
        }
        return new OciLayout(root);
    }

    /** The file holding blob {@code digest}. */
    public Path blob(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    /**
     * The image tagged {@code tag}: its manifest and config, read and parsed.
     *
     * @throws XcException {@link ErrorCode#IMAGE_NOT_FOUND} when no manifest carries that tag (the message lists the tags
     *                     there are); {@link ErrorCode#IO_ERROR} when a file cannot be read
     */
    public Image image(String tag) {
        OciIndex index = ImageJson.readIndex(read(root.resolve("index.json")));
        List<OciDescriptor> hits = index.manifests().stream()
                .filter(d -> tag.equals(d.annotations().get(REF_NAME))).toList();
        if (hits.isEmpty()) {
            List<String> tags = index.manifests().stream().map(d -> d.annotations().get(REF_NAME))
                    .filter(Objects::nonNull).sorted().toList();
            throw XcException.of(ErrorCode.IMAGE_NOT_FOUND, "the layout " + root + " has no image tagged '" + tag
                    + "' (it has " + (tags.isEmpty() ? "none" : String.join(", ", tags)) + ")",
                    "run bench/fixtures to make it, or pick one of the tags listed");
        }
        OciDescriptor m = hits.getFirst();
        byte[] manifestBytes = read(blob(m.digest()));
        OciManifest manifest = ImageJson.readManifest(manifestBytes);
        OciImageConfig config = ImageJson.readConfig(read(blob(manifest.config().digest())));
        return new Image(this, m, manifestBytes, manifest, config);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(),
                    "check that the layout is complete (bench/fixtures rebuilds it)", e);
        }
    }

    /**
     * One image of the layout.
     *
     * @param layout        the layout it came from
     * @param descriptor    the index entry of its manifest
     * @param manifestBytes the manifest as stored (pushed byte for byte)
     * @param manifest      the manifest, parsed
     * @param config        the image config, parsed (its {@code rootfs.diff_ids} are verified while unpacking)
     */
    public record Image(OciLayout layout, OciDescriptor descriptor, byte[] manifestBytes, OciManifest manifest,
                        OciImageConfig config) {

        public Image {
            Objects.requireNonNull(layout, "layout");
            Objects.requireNonNull(descriptor, "descriptor");
            Objects.requireNonNull(manifest, "manifest");
            Objects.requireNonNull(config, "config");
            manifestBytes = manifestBytes.clone();
        }

        /** A copy of the manifest bytes. */
        @Override
        public byte[] manifestBytes() {
            return manifestBytes.clone();
        }

        /** The layer blob files, base first. */
        public List<Path> layerFiles() {
            return manifest.layers().stream().map(d -> layout.blob(d.digest())).toList();
        }

        /** The config blob file followed by the layer blob files. */
        public List<Path> blobFiles() {
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(layout.blob(manifest.config().digest())),
                    layerFiles().stream()).toList();
        }
    }
}
