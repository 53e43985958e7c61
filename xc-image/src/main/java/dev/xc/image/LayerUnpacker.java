package dev.xc.image;

import com.github.luben.zstd.ZstdInputStream;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.api.spi.LayerWriter;
import dev.xc.image.internal.ChunkPipe;
import dev.xc.image.internal.MeteredInputStream;
import dev.xc.image.internal.RootFs;
import dev.xc.image.internal.TarApplier;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks OCI layers (tar, tar+gzip, tar+zstd) into a root directory, safely and in one streaming pass:
 * bytes from the source are digested, decompressed, digested again (the DiffID) and extracted as they arrive, and
 * the digests decide at the end whether the result is kept.
 *
 * <p>Safety: nothing is written outside the root. Entry names with {@code ..} or NUL are refused; a leading
 * {@code /} is read relative to the root; symlinks met on the way are resolved inside the root the way
 * {@code chroot} would (a relative target that climbs above the root is refused) and never followed at the last
 * component; hard links must point to a regular file inside the root; device nodes follow
 * {@link UnpackOptions#devices()}; entry counts and sizes are capped. Every refusal is an {@link XcException} with
 * {@link ErrorCode#UNSAFE_LAYER} naming the entry. Because a layer is applied while it streams, a refused layer has
 * already written part of itself: unpack into a {@link LayerWriter} and the writer is closed without commit, which
 * discards the partial layer.
 *
 * <p>Speed: each layer is decompressed on its own thread into a bounded buffer while the calling thread applies the
 * layers strictly in order, so a multi-layer image inflates in parallel; files are written with large buffers, and
 * metadata is set once per entry.
 *
 * <p>{@snippet :
 * LayerUnpacker unpacker = new LayerUnpacker(UnpackOptions.defaults());
 * UnpackResult r = unpacker.unpack(LayerSource.ofFile(blob, MediaTypes.OCI_LAYER_GZIP, Optional.of(digest)), writer);
 * writer.commit();
 * }
 *
 * <p>Thread-safe: an instance holds only its options; each call works on its own state. Two calls must not write
 * into the same root at once.
 */
public final class LayerUnpacker {

    private static final int CHUNK = 1 << 20;
    private static final int CHUNKS = 8;

    private final UnpackOptions options;

    public LayerUnpacker(UnpackOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public UnpackOptions options() {
        return options;
    }

    /**
     * Unpacks one layer into {@code writer.root()} and verifies its digests. On success the caller commits the
     * writer; on any failure the writer is closed (discarding what was written) and the error rethrown.
     *
     * @throws XcException {@link ErrorCode#UNSAFE_LAYER} for a hostile entry, {@link ErrorCode#DIGEST_MISMATCH}
     *                     when a digest does not match, {@link ErrorCode#MALFORMED_CONTENT} for a corrupt stream,
     *                     {@link ErrorCode#IO_ERROR} when the file system fails
     */
    public UnpackResult unpack(LayerSource layer, LayerWriter writer) {
        try {
            return unpackAll(List.of(layer), writer.root()).getFirst();
        } catch (RuntimeException | Error e) {
            writer.close();
            throw e;
        }
    }

    /**
     * Unpacks a chain of layers, each into a writer that {@code begin} opens when the previous one is committed
     * (layer {@code i} needs layer {@code i-1} in place). Each layer is verified and its writer committed before the
     * next begins; on a failure the current writer is closed without commit and the committed ones stay.
     */
    public List<UnpackResult> unpackChain(List<LayerSource> layers, IntFunction<LayerWriter> begin) {
        return run(layers, i -> {
            LayerWriter w = begin.apply(i);
            return new Target(w.root(), w);
        });
    }

    /**
     * Unpacks layers in order into one directory. There is no rollback: on failure the directory holds a partial
     * result. Meant for scratch directories, tools and benchmarks; image pulls use {@link #unpackChain}.
     */
    public List<UnpackResult> unpackAll(List<LayerSource> layers, Path root) {
        return run(layers, i -> new Target(root, null));
    }

    private record Target(Path root, LayerWriter writer) {
    }

    private interface TargetFactory {
        Target open(int index);
    }

    private record Inflated(Digest digest, Digest diffId, Compression compression, long bytes) {
    }

    private List<UnpackResult> run(List<LayerSource> layers, TargetFactory targets) {
        List<ChunkPipe> pipes = new ArrayList<>();
        List<CompletableFuture<Inflated>> producers = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            ChunkPipe pipe = new ChunkPipe(CHUNKS, CHUNK);
            pipes.add(pipe);
            CompletableFuture<Inflated> f = new CompletableFuture<>();
            producers.add(f);
            LayerSource src = layers.get(i);
            int index = i;
            Thread.ofPlatform().daemon().name("xc-inflate-" + i).start(() -> inflate(src, index, pipe, f));
        }
        List<UnpackResult> out = new ArrayList<>();
        int i = 0;
        Target t = null;
        try {
            for (; i < layers.size(); i++) {
                t = targets.open(i);
                TarApplier applier = new TarApplier(new RootFs(t.root()), options);
                try (InputStream in = pipes.get(i).source()) {
                    applier.apply(in);
                    in.transferTo(OutputStream.nullOutputStream());
                }
                Inflated inf = await(producers.get(i));
                LayerSource src = layers.get(i);
                verify(src.digest(), inf.digest(), "layer " + (i + 1) + " of " + layers.size() + " (blob)");
                verify(src.diffId(), inf.diffId(), "layer " + (i + 1) + " of " + layers.size() + " (diff id)");
                out.add(new UnpackResult(inf.digest(), inf.diffId(), inf.compression(), applier.entries(),
                        inf.bytes(), options.preserveOwnership()));
                if (t.writer() != null) {
                    t.writer().commit();
                }
                t = null;
            }
            return out;
        } catch (IOException e) {
            XcException x = failureOf(producers, i, e);
            throw x;
        } catch (RuntimeException | Error e) {
            throw e;
        } finally {
            if (t != null && t.writer() != null) {
                t.writer().close();
            }
            for (ChunkPipe p : pipes) {
                p.cancel();
            }
        }
    }

    private static XcException failureOf(List<CompletableFuture<Inflated>> producers, int i, IOException e) {
        if (i < producers.size() && producers.get(i).isCompletedExceptionally()) {
            try {
                producers.get(i).join();
            } catch (java.util.concurrent.CompletionException ce) {
                if (ce.getCause() instanceof XcException x) {
                    return x;
                }
            }
        }
        if (e.getCause() instanceof XcException x) {
            return x;
        }
        return XcException.of(ErrorCode.IO_ERROR, "cannot unpack layer " + (i + 1) + ": " + e.getMessage(),
                "check the layer source and the target file system", e);
    }

    private static Inflated await(CompletableFuture<Inflated> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for a layer");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static void verify(Optional<Digest> expected, Digest actual, String what) {
        if (expected.isPresent() && !expected.get().equals(actual)) {
            throw XcException.of(ErrorCode.DIGEST_MISMATCH, what + " has digest " + actual + " but "
                    + expected.get() + " was expected; the unpacked content was discarded",
                    "the blob is corrupt or was tampered with; pull it again");
        }
    }

    private void inflate(LayerSource src, int index, ChunkPipe pipe, CompletableFuture<Inflated> result) {
        String algorithm = src.digest().map(Digest::algorithm).orElse(Digest.SHA256);
        String diffAlgorithm = src.diffId().map(Digest::algorithm).orElse(Digest.SHA256);
        try (InputStream raw = src.opener().open()) {
            MeteredInputStream rawMeter = new MeteredInputStream(raw, Digest.newMessageDigest(algorithm),
                    Long.MAX_VALUE, () -> { });
            BufferedInputStream buffered = new BufferedInputStream(rawMeter, 1 << 17);
            buffered.mark(8);
            byte[] head = new byte[4];
            int n = buffered.readNBytes(head, 0, 4);
            buffered.reset();
            Compression c = Compression.reconcile(Compression.fromMediaType(src.mediaType()),
                    Compression.detect(head, n), "layer " + (index + 1));
            InputStream decompressed = switch (c) {
                case NONE -> buffered;
                case GZIP -> new GZIPInputStream(buffered, 1 << 16);
                case ZSTD -> new ZstdInputStream(buffered).setContinuous(false);
            };
            long limit = options.maxBytes();
            MeteredInputStream tarMeter = new MeteredInputStream(decompressed,
                    Digest.newMessageDigest(diffAlgorithm), limit, () -> {
                        throw XcException.of(ErrorCode.UNSAFE_LAYER, "layer " + (index + 1)
                                + " expands to more than " + limit + " bytes",
                                "the layer looks like a decompression bomb; if it is genuine, raise the size limit");
                    });
            OutputStream sink = pipe.sink(); // closed only on success: closing marks a clean end of stream
            byte[] buf = new byte[CHUNK];
            int r;
            while ((r = tarMeter.read(buf, 0, buf.length)) >= 0) {
                sink.write(buf, 0, r);
            }
            sink.close();
            rawMeter.drain();
            result.complete(new Inflated(
                    new Digest(algorithm, HexFormat.of().formatHex(rawMeter.digest().digest())),
                    new Digest(diffAlgorithm, HexFormat.of().formatHex(tarMeter.digest().digest())),
                    c, tarMeter.count()));
        } catch (Throwable t) {
            Throwable reported = t;
            if (t instanceof java.util.zip.ZipException || t instanceof java.io.EOFException || (t instanceof IOException
                    && t.getClass().getName().startsWith("com.github.luben"))) {
                reported = XcException.of(ErrorCode.MALFORMED_CONTENT, "layer " + (index + 1)
                        + " is not a valid compressed stream: " + t.getMessage(),
                        "the blob is corrupt; pull it again", t);
            }
            result.completeExceptionally(reported);
            pipe.fail(reported);
        }
    }
}
