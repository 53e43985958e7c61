package dev.xc.engine.internal.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.PurgeReport;
import dev.xc.api.XcException;
import dev.xc.api.event.Event;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageInfo;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.ImageSummary;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.Platform;
import dev.xc.api.image.PlatformPolicy;
import dev.xc.api.image.PullRequest;
import dev.xc.api.spi.LayerWriter;
import dev.xc.api.spi.Storage;
import dev.xc.image.BlobStore;
import dev.xc.image.ImageJson;
import dev.xc.image.ImageStore;
import dev.xc.image.LayerSource;
import dev.xc.image.LayerUnpacker;
import dev.xc.image.OciImageConfig;
import dev.xc.image.Removal;
import dev.xc.image.StoredImage;
import dev.xc.image.StoredLayer;
import dev.xc.image.UnpackOptions;
import dev.xc.image.XcImageConfig;
import dev.xc.registry.BlobSink;
import dev.xc.registry.Descriptor;
import dev.xc.registry.Manifest;
import dev.xc.registry.RegistryClient;
import dev.xc.registry.ResolvedImage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Local images: pulled from registries, kept as verified blobs in the content store, unpacked into the storage backend
 * (once per layer chain where chains are cheap, as ZFS snapshots; only the top chain where each chain is a full
 * directory tree, see {@link Storage#keepsIntermediateLayers()}), and recorded with their tags in the image store.
 *
 * <p>A pull resolves the reference to one platform (FreeBSD first, then Linux), reads and converts the image config
 * before anything large is fetched (a bad config fails fast), downloads the missing layers in parallel into the content
 * store, and unpacks them strictly in order as each one arrives: layer {@code i} is unpacked while later layers are
 * still downloading, and the unpacker inflates layers on their own threads. Every blob is verified against its digest
 * and every layer against its DiffID; a failure discards the partial layer and records nothing.
 *
 * <p>Thread-safe. Two pulls of images that share layers may run at once: the content store shares downloads of the
 * same blob, and a layer chain committed by one pull is seen by the other.
 */
public final class Images implements AutoCloseable {

    private final BlobStore blobs;
    private final ImageStore store;
    private final Storage storage;
    private final java.util.function.Function<ImageReference, RegistryClient.Builder> registry;
    private final String hostArchitecture;
    private final boolean hostRunsLinux;
    private final Clock clock;
    /**
     * Device nodes in layers (a Debian image's /dev/console, /dev/null ...) are skipped: a jail gets its devices from
     * devfs and its ruleset, never from files in its root, and FreeBSD does not honour device nodes outside devfs.
     */
    private final LayerUnpacker unpacker =
            new LayerUnpacker(UnpackOptions.defaults().withDevices(UnpackOptions.DevicePolicy.SKIP));
    private final ExecutorService downloads = Executors.newVirtualThreadPerTaskExecutor();

    public Images(BlobStore blobs, ImageStore store, Storage storage,
                  java.util.function.Function<ImageReference, RegistryClient.Builder> registry,
                  String hostArchitecture, boolean hostRunsLinux, Clock clock) {
        this.blobs = blobs;
        this.store = store;
        this.storage = storage;
        this.registry = registry;
        this.hostArchitecture = hostArchitecture;
        this.hostRunsLinux = hostRunsLinux;
        this.clock = clock;
    }

    /** Pulls {@code request.reference()}; see the class comment. */
    public ImageInfo pull(PullRequest request, EventListener listener) {
        ImageReference ref = request.reference();
        PlatformPolicy policy = new PlatformPolicy(hostArchitecture, true, request.platform());
        step(listener, "resolving " + ref.familiar());
        try (RegistryClient client = registry.apply(ref).eventListener(listener).build()) {
            ResolvedImage resolved = client.resolve(ref, policy);
            Manifest manifest = resolved.manifest();
            Descriptor configDesc = manifest.config().orElseThrow(() -> XcException.of(ErrorCode.MALFORMED_CONTENT,
                    "manifest " + manifest.digest() + " of " + ref.familiar() + " names no config",
                    "the image is not a container image; check the reference"));
            byte[] configJson = client.fetchBlob(ref, configDesc);
            OciImageConfig config = ImageJson.readConfig(configJson);
            JailConfig jail = XcImageConfig.jailConfig(configJson);
            Platform platform = config.platform();
            if (platform.isLinux() && !hostRunsLinux) {
                warn(listener, ref.familiar() + " is a Linux image (" + platform + "): it runs under the Linuxulator;"
                        + " load it with 'kldload linux64' before running it");
            }
            List<Descriptor> layers = manifest.layers();
            List<Digest> diffIds = config.diffIds();
            if (layers.size() != diffIds.size()) {
                throw XcException.of(ErrorCode.MALFORMED_CONTENT, "image " + ref.familiar() + " has " + layers.size()
                        + " layers but its config lists " + diffIds.size() + " diff_ids", "the image is broken; ask its publisher");
            }
            unpack(client, ref, layers, diffIds, listener);
            blobs.put(manifest.bytes());
            blobs.put(configJson);
            StoredImage stored = store.put(manifest.bytes(), configJson);
            List<ImageReference> names = new ArrayList<>();
            names.add(ref);
            request.localName().ifPresent(names::add);
            for (ImageReference n : names) {
                if (n.tag().isPresent()) {
                    store.tag(n.digest().isPresent() ? n.withTag(n.tag().get()) : n, stored.manifest());
                }
            }
            step(listener, "pulled " + ref.familiar() + " " + stored.manifest());
            return info(ref, store.get(stored.manifest()).orElseThrow());
        }
    }

    private void unpack(RegistryClient client, ImageReference ref, List<Descriptor> layers, List<Digest> diffIds,
                        EventListener listener) {
        int n = layers.size();
        List<String> chains = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chains.add(ImageJson.chainId(diffIds.subList(0, i + 1)).orElseThrow().toString());
        }
        int first = 0; // the lowest layer to unpack: the one above the highest chain already stored
        for (int i = n - 1; i >= 0; i--) {
            if (storage.hasLayer(chains.get(i))) {
                first = i + 1;
                break;
            }
        }
        if (first == n) {
            step(listener, "all " + n + " layers already unpacked");
            return;
        }
        // A missing blob is downloaded into the content store and unpacked while it is written there: the unpacker
        // follows the temporary file, reading what has arrived (it never holds the download back), and reaches the
        // end only once the blob is verified and stored. A blob the store has is read from it.
        List<CompletableFuture<Path>> fetched = new ArrayList<>();
        List<InputStream> followers = new ArrayList<>();
        List<LayerSource> sources = new ArrayList<>();
        int base = first;
        boolean everyChain = storage.keepsIntermediateLayers();
        LayerWriter[] top = new LayerWriter[1];
        try {
            for (int i = first; i < n; i++) {
                Descriptor d = layers.get(i);
                Optional<Path> have = blobs.path(d.digest());
                LayerSource.Opener opener;
                if (have.isPresent()) {
                    Path stored = have.get();
                    fetched.add(CompletableFuture.completedFuture(stored));
                    opener = () -> Files.newInputStream(stored);
                } else {
                    BlobStore.Writer w = blobs.writer(d.digest());
                    InputStream follower = w.follow();
                    followers.add(follower);
                    fetched.add(CompletableFuture.supplyAsync(() -> download(client, ref, d, w), downloads));
                    opener = () -> follower;
                }
                sources.add(new LayerSource(opener, d.mediaType(), Optional.of(d.digest()),
                        Optional.of(diffIds.get(i))));
            }
            unpacker.unpackChain(sources, k -> {
                int i = base + k;
                step(listener, "unpacking layer " + (i + 1) + "/" + n + " " + layers.get(i).digest().shortHex());
                if (everyChain) {
                    return begin(chains, i, i);
                }
                // one writer for the top chain; the layers below it are applied into it in order
                if (k == 0) {
                    top[0] = begin(chains, n - 1, i);
                }
                return i == n - 1 ? top[0] : new Unfinished(top[0]);
            });
            for (CompletableFuture<Path> f : fetched) {
                join(f); // every download has ended by now (each layer's end is its blob's commit); errors surface
            }
        } catch (RuntimeException | IOException e) {
            if (top[0] != null) {
                top[0].close();
            }
            // a download that failed explains the failure better than the unpacker's view of a stream that broke off
            RuntimeException cause = downloadFailure(fetched, e).orElse(e instanceof RuntimeException re ? re
                    : XcException.of(ErrorCode.IO_ERROR, "cannot pull " + ref.familiar() + ": " + e.getMessage(),
                    "check the connection to the registry and try again", e));
            fetched.forEach(f -> f.cancel(true));
            throw cause;
        } finally {
            for (InputStream f : followers) {
                try {
                    f.close();
                } catch (IOException ignored) {
                    // a follower only reads a temporary file; nothing to undo
                }
            }
        }
    }

    /**
     * The error of a failed download: one whose future has ended with an {@link XcException}, or the one a follower
     * passed on to the unpacker (an {@link XcException} among the causes of {@code unpackError}).
     */
    private static Optional<RuntimeException> downloadFailure(List<CompletableFuture<Path>> fetched,
                                                              Exception unpackError) {
        for (Throwable c = unpackError.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof XcException x) {
                return Optional.of(x);
            }
        }
        for (CompletableFuture<Path> f : fetched) {
            if (f.isCompletedExceptionally()) {
                try {
                    f.join();
                } catch (CompletionException | java.util.concurrent.CancellationException e) {
                    if (e.getCause() instanceof XcException x) {
                        return Optional.of(x);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Begins chain {@code chain}, whose missing layers start at {@code from}, on top of chain {@code from - 1}. */
    private LayerWriter begin(List<String> chains, int chain, int from) {
        if (storage.hasLayer(chains.get(chain))) {
            return new AlreadyStored();
        }
        return storage.beginLayer(chains.get(chain), from == 0 ? Optional.empty() : Optional.of(chains.get(from - 1)));
    }

    /** Downloads blob {@code d} into {@code w} (verified by the client) and commits it to the store. */
    private Path download(RegistryClient client, ImageReference ref, Descriptor d, BlobStore.Writer w) {
        Path[] out = new Path[1];
        try {
            client.pullBlob(ref, d, new BlobSink() {
                @Override
                public void write(byte[] buffer, int offset, int length) throws IOException {
                    w.write(buffer, offset, length);
                }

                @Override
                public void commit(Digest verified) {
                    out[0] = w.commit();
                }

                @Override
                public void abort(Throwable cause) {
                    w.abort(cause); // discards the temporary file; its followers fail with the cause
                }
            });
        } finally {
            w.close(); // after a commit it does nothing; otherwise the download failed and the followers must learn it
        }
        return out[0];
    }

    private static Path join(CompletableFuture<Path> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Every local image reference. */
    public List<ImageSummary> list() {
        List<ImageSummary> out = new ArrayList<>();
        for (StoredImage s : store.images()) {
            for (ImageReference tag : s.tags()) {
                out.add(info(tag, s).summary());
            }
        }
        out.sort((a, b) -> a.reference().toString().compareTo(b.reference().toString()));
        return out;
    }

    /** One local image. */
    public ImageInfo inspect(ImageReference ref) {
        return info(ref, require(ref));
    }

    /** Tags {@code source}'s image as {@code target}. */
    public void tag(ImageReference source, ImageReference target) {
        StoredImage s = require(source);
        if (target.tag().isEmpty()) {
            throw XcException.invalid(ErrorCode.INVALID_REFERENCE, "'" + target + "' has no tag to set",
                    "give the new reference a tag, e.g. " + target.repository() + ":v1");
        }
        store.tag(target, s.manifest());
    }

    /** Removes a reference; the data goes with {@link #purge()}. */
    public void remove(ImageReference ref) {
        require(ref);
        store.untag(ref);
    }

    /** Removes untagged images, the layer chains and blobs only they used. */
    public PurgeReport purge() {
        Removal r = store.gc();
        long freed = 0;
        List<String> layers = new ArrayList<>();
        for (Digest chain : r.chains()) {
            freed += storage.usedBytes(chain.toString());
            storage.removeLayer(chain.toString());
            layers.add(chain.toString());
        }
        Set<Digest> keep = new HashSet<>(store.referencedBlobs());
        List<String> removedBlobs = new ArrayList<>();
        for (Digest d : blobs.gc(keep)) {
            removedBlobs.add(d.toString());
        }
        return new PurgeReport(r.images().stream().map(Digest::toString).toList(), layers, removedBlobs, freed);
    }

    StoredImage require(ImageReference ref) {
        return store.resolve(ref).orElseThrow(() -> XcException.of(ErrorCode.IMAGE_NOT_FOUND,
                "no local image " + ref.familiar(), "pull it first: xc pull " + ref.familiar()));
    }

    ImageInfo info(ImageReference ref, StoredImage s) {
        byte[] configJson = store.configJson(s.config()).orElseThrow();
        OciImageConfig config = ImageJson.readConfig(configJson);
        long size = s.layers().stream().mapToLong(StoredLayer::size).sum();
        Optional<Instant> created = config.created().flatMap(Images::instant);
        return ImageInfo.of(ref, s.manifest(), config.platform(), XcImageConfig.jailConfig(configJson),
                config.diffIds(), created, size, s.tags());
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private void step(EventListener l, String text) {
        emit(l, new Event.Step(Instant.now(clock), "pull", text, false));
    }

    private void warn(EventListener l, String text) {
        emit(l, new Event.Warning(Instant.now(clock), text));
    }

    private static void emit(EventListener l, Event e) {
        try {
            l.onEvent(e);
        } catch (RuntimeException ignored) {
            // a listener's failure must not fail the pull
        }
    }

    // what ImageImports shares with pulls
    BlobStore blobs() {
        return blobs;
    }

    ImageStore store() {
        return store;
    }

    Storage storage() {
        return storage;
    }

    LayerUnpacker unpacker() {
        return unpacker;
    }

    String hostArchitecture() {
        return hostArchitecture;
    }

    Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        downloads.shutdownNow();
        store.close();
    }

    /**
     * A layer below the top of a pull whose chain is not stored on its own: it is unpacked into the top chain's writer;
     * its commit only marks it verified, and a failure discards the whole top chain.
     */
    private record Unfinished(LayerWriter top) implements LayerWriter {
        @Override
        public Path root() {
            return top.root();
        }

        @Override
        public void commit() {
            // the top chain is committed after its last layer
        }

        @Override
        public void close() {
            top.close();
        }
    }

    /** A chain another pull committed meanwhile: unpack into a scratch root that is thrown away. */
    private static final class AlreadyStored implements LayerWriter {
        private final Path scratch;

        AlreadyStored() {
            try {
                scratch = Files.createTempDirectory("xc-dup-layer");
            } catch (IOException e) {
                throw XcException.of(ErrorCode.IO_ERROR, "cannot create a scratch directory: " + e.getMessage(), "", e);
            }
        }

        @Override
        public Path root() {
            return scratch;
        }

        @Override
        public void commit() {
            close();
        }

        @Override
        public void close() {
            try (var s = Files.walk(scratch)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort: a temporary directory
            }
        }
    }
}
