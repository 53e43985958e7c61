package dev.xc.engine.internal.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.event.Event;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.PushRequest;
import dev.xc.image.StoredImage;
import dev.xc.registry.BlobSource;
import dev.xc.registry.Descriptor;
import dev.xc.registry.Manifest;
import dev.xc.registry.PushedBlob;
import dev.xc.registry.RegistryClient;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code xc push LOCAL REMOTE}: sends a local image, exactly as stored (the same manifest bytes, so the same digest),
 * to a registry.
 *
 * <p>Everything is checked before the first byte leaves: the local reference must name a stored image, its manifest
 * and config must be in the image store, and every layer blob must be in the content store (an image whose layers
 * were unpacked but whose blobs were purged cannot be pushed, and the error names the missing layers). Then the config
 * and the layers are pushed in parallel by the registry client (a blob the registry has already is skipped after a
 * {@code HEAD}), and the manifest last, at the remote tag (or at its digest when the remote reference has none).
 *
 * <p>Credentials come from the registries file and Docker's config, as for a pull; a registry is spoken to over plain
 * HTTP when the request says {@code --insecure}, when the registries file marks it insecure, or when it is a loopback
 * address. Thread-safe: it holds no state of its own.
 */
public final class ImagePush {

    private final Images images;
    private final Function<ImageReference, RegistryClient.Builder> registry;

    public ImagePush(Images images, Function<ImageReference, RegistryClient.Builder> registry) {
        this.images = images;
        this.registry = registry;
    }

    /** Pushes {@code request.local()} to {@code request.remote()}; see the class comment. */
    public void push(PushRequest request, EventListener listener) {
        ImageReference local = request.local();
        ImageReference remote = request.remote();
        StoredImage stored = images.require(local);
        byte[] manifestJson = images.store().manifestJson(stored.manifest()).orElseThrow(() -> XcException.of(
                ErrorCode.BLOB_NOT_FOUND, "the manifest " + stored.manifest() + " of " + local.familiar()
                        + " is not in the image store", "pull or import the image again"));
        Manifest manifest = Manifest.parse(manifestJson, Optional.of(stored.mediaType()), Optional.of(stored.manifest()));
        if (remote.digest().isPresent() && !remote.digest().get().equals(manifest.digest())) {
            throw XcException.invalid(ErrorCode.INVALID_REFERENCE, "cannot push " + local.familiar() + " to '" + remote
                    + "': its manifest is " + manifest.digest() + ", not " + remote.digest().get(),
                    "push to a tag instead, e.g. " + remote.registry() + "/" + remote.repository() + ":latest");
        }
        Descriptor configDesc = manifest.config().orElseThrow(() -> XcException.of(ErrorCode.MALFORMED_CONTENT,
                "manifest " + manifest.digest() + " of " + local.familiar() + " names no config",
                "only image manifests can be pushed"));
        byte[] config = images.store().configJson(configDesc.digest())
                .or(() -> images.blobs().path(configDesc.digest()).map(p -> images.blobs().read(configDesc.digest())))
                .orElseThrow(() -> XcException.of(ErrorCode.BLOB_NOT_FOUND, "the config " + configDesc.digest()
                        + " of " + local.familiar() + " is not stored", "pull or import the image again"));
        List<BlobSource> blobs = new ArrayList<>();
        blobs.add(BlobSource.of(configDesc.mediaType(), config));
        List<String> missing = new ArrayList<>();
        for (Descriptor layer : manifest.layers()) {
            Optional<Path> file = images.blobs().path(layer.digest());
            if (file.isEmpty()) {
                missing.add(layer.digest().toString());
            } else {
                blobs.add(BlobSource.ofFile(layer, file.get()));
            }
        }
        if (!missing.isEmpty()) {
            throw XcException.of(ErrorCode.BLOB_NOT_FOUND, "cannot push " + local.familiar() + ": "
                    + (missing.size() == 1 ? "layer " : missing.size() + " layers ") + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " not in the blob store",
                    "pull the image again so that its layers are stored (xc pull " + local.familiar() + ")");
        }
        RegistryClient.Builder builder = registry.apply(remote).eventListener(listener);
        if (request.insecure()) {
            builder.insecure(remote.registry());
        }
        step(listener, "pushing " + local.familiar() + " to " + remote.familiar() + " (" + manifest.layers().size()
                + " layer" + (manifest.layers().size() == 1 ? "" : "s") + ")", false);
        try (RegistryClient client = builder.build()) {
            List<PushedBlob> pushed = client.pushBlobs(remote, blobs, Optional.empty());
            for (PushedBlob p : pushed) {
                String what = p.descriptor().digest().equals(configDesc.digest()) ? "image config " : "layer ";
                step(listener, what + p.descriptor().digest().shortHex() + " "
                        + (p.outcome() == PushedBlob.Outcome.EXISTED ? "already there" : "done"), false);
            }
            Digest digest = client.pushManifest(remote, manifest);
            step(listener, "image manifest " + digest.shortHex() + " done", false);
        }
        step(listener, "pushed " + local.familiar() + " to " + remote.familiar() + " " + manifest.digest(), true);
    }

    private void step(EventListener l, String text, boolean finished) {
        try {
            l.onEvent(new Event.Step(Instant.now(images.clock()), "push", text, finished));
        } catch (RuntimeException ignored) {
            // a listener's failure must not fail the push
        }
    }
}
