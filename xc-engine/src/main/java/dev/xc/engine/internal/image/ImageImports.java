package dev.xc.engine.internal.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xc.api.ErrorCode;
import dev.xc.engine.internal.FileTrees;
import dev.xc.api.XcException;
import dev.xc.api.event.Event;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageInfo;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.ImportRequest;
import dev.xc.api.image.JailConfig;
import dev.xc.image.BuiltLayer;
import dev.xc.image.Compression;
import dev.xc.image.ImageJson;
import dev.xc.image.LayerBuilder;
import dev.xc.image.LayerSource;
import dev.xc.image.MediaTypes;
import dev.xc.image.OciDescriptor;
import dev.xc.image.OciManifest;
import dev.xc.image.StoredImage;
import dev.xc.image.XcImageConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Images made locally rather than pulled: {@code xc image import} turns a root file system (a directory, or a plain,
 * gzip or zstd tar such as a Bastille or FreeBSD {@code base} root) into a one-layer image, and
 * {@code xc image set-config}/{@code patch} give an image a new jail configuration.
 *
 * <p>An import never stores the archive as it came: an archive is first unpacked into a scratch directory by the same
 * safe unpacker pulls use (no path escapes the root, no device nodes), then the directory is written as one
 * deterministic zstd layer by {@link LayerBuilder}, stored in the content store, unpacked into the storage backend as
 * its own chain (shared with any image of the same content), and recorded with a manifest and an image config that
 * carries the jail configuration. A configuration change writes a new config blob and a new manifest over the same
 * layers and moves only the given tag; the old manifest stays until {@code xc purge}.
 *
 * <p>Thread-safe as {@link Images} is.
 */
public final class ImageImports {

    private final Images images;

    public ImageImports(Images images) {
        this.images = images;
    }

    /** {@code xc image import}. */
    public ImageInfo importImage(ImportRequest request, EventListener listener) {
        ImageReference ref = requireTag(request.reference(), "import");
        Path source = request.archive();
        if (!Files.exists(source)) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot import " + source + ": no such file or directory",
                    "give a root directory or a tar, tar.gz or tar.zst archive of one");
        }
        Path scratch = scratch();
        try {
            Path root;
            if (Files.isDirectory(source)) {
                root = source;
            } else {
                step(listener, "unpacking " + source);
                root = Files.createDirectory(scratch.resolve("root"));
                unpackArchive(source, root);
            }
            step(listener, "writing the layer of " + source);
            Path layerFile = scratch.resolve("layer");
            BuiltLayer layer;
            try (OutputStream out = Files.newOutputStream(layerFile)) {
                layer = LayerBuilder.create(Compression.ZSTD).full(root, out);
            }
            Path blob;
            try (InputStream in = Files.newInputStream(layerFile)) {
                blob = images.blobs().put(layer.digest(), in);
            }
            String chain = layer.diffId().toString();
            if (!images.storage().hasLayer(chain)) {
                step(listener, "storing layer " + layer.digest().shortHex());
                images.unpacker().unpackChain(List.of(new LayerSource(() -> Files.newInputStream(blob),
                                layer.mediaType(), Optional.of(layer.digest()), Optional.of(layer.diffId()))),
                        i -> images.storage().beginLayer(chain, Optional.empty()));
            }
            byte[] config = withCreated(XcImageConfig.writeImageConfig(request.config(), images.hostArchitecture(),
                    List.of(layer.diffId())));
            ImageInfo info = record(ref, config, List.of(layer.descriptor()));
            step(listener, "imported " + ref.familiar() + " " + info.digest());
            return info;
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot import " + source + ": " + e.getMessage(),
                    "check that the path is readable and the layers directory has space", e);
        } finally {
            deleteTree(scratch);
        }
    }

    /** {@code xc image set-config} and {@code patch}: the same layers under a new config and manifest. */
    public ImageInfo replaceConfig(ImageReference reference, JailConfig config) {
        ImageReference ref = requireTag(reference, "change the configuration of");
        StoredImage old = images.require(ref);
        byte[] oldConfig = images.store().configJson(old.config()).orElseThrow();
        byte[] oldManifest = images.store().manifestJson(old.manifest()).orElseThrow();
        ObjectNode doc = ImageJson.object(oldConfig, "image config " + old.config());
        doc.put("os", config.linux() ? "linux" : XcImageConfig.FREEBSD_OS);
        doc.set("config", XcImageConfig.configObject(config));
        byte[] newConfig = ImageJson.bytes(doc);
        List<OciDescriptor> layers = ImageJson.readManifest(oldManifest).layers();
        return record(ref, newConfig, layers);
    }

    private ImageInfo record(ImageReference ref, byte[] config, List<OciDescriptor> layers) {
        OciDescriptor configDesc = OciDescriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length);
        byte[] manifest = ImageJson.write(new OciManifest(2, MediaTypes.OCI_MANIFEST, configDesc, layers, Map.of()));
        images.blobs().put(config);
        images.blobs().put(manifest);
        StoredImage stored = images.store().put(manifest, config);
        images.store().tag(ref, stored.manifest());
        return images.info(ref, images.store().get(stored.manifest()).orElseThrow());
    }

    private byte[] withCreated(byte[] config) {
        ObjectNode doc = ImageJson.object(config, "image config");
        doc.put("created", Instant.now(images.clock()).truncatedTo(ChronoUnit.SECONDS).toString());
        return ImageJson.bytes(doc);
    }

    private void unpackArchive(Path archive, Path root) {
        // the media type is left empty: the magic bytes say plain, gzip or zstd
        images.unpacker().unpackAll(List.of(LayerSource.ofFile(archive, "", Optional.empty())), root);
    }

    private static ImageReference requireTag(ImageReference ref, String what) {
        if (ref.tag().isEmpty() || ref.digest().isPresent()) {
            throw XcException.invalid(ErrorCode.INVALID_REFERENCE, "cannot " + what + " '" + ref + "': the reference "
                    + "needs a tag and no digest", "name it NAME:TAG, e.g. " + ref.repository() + ":1");
        }
        return ref;
    }

    private Path scratch() {
        try {
            return Files.createTempDirectory(images.blobs().root(), ".import-");
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot create a scratch directory in " + images.blobs().root()
                    + ": " + e.getMessage(), "check layers_dir and its permissions", e);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException ignored) {
            // scratch space: best effort
        }
    }

    private void step(EventListener l, String text) {
        try {
            l.onEvent(new Event.Step(Instant.now(images.clock()), "import", text, false));
        } catch (RuntimeException ignored) {
            // a listener's failure must not fail the import
        }
    }
}
