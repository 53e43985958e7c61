package dev.xc.bench;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;
import dev.xc.image.LayerSource;
import dev.xc.image.LayerUnpacker;
import dev.xc.image.OciDescriptor;
import dev.xc.image.UnpackOptions;
import dev.xc.image.UnpackResult;
import dev.xc.registry.BlobSource;
import dev.xc.registry.Descriptor;
import dev.xc.registry.Manifest;
import dev.xc.registry.PushedBlob;
import dev.xc.registry.RegistryClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark harness command. It runs the library code xc's engine uses, one operation per invocation, so that
 * {@code bench/compare} can time it as a process next to the peer tools:
 *
 * <pre>
 * unpack LAYOUT TAG DIR           unpack every layer of LAYOUT:TAG into DIR (LayerUnpacker.unpackAll), verifying
 *                                 each blob digest and each diff_id; device nodes are skipped, as the engine's
 *                                 pull does
 * push LAYOUT TAG HOST:PORT/REPO:TAG
 *                                 push the config, the layers and the manifest (RegistryClient); plain HTTP for
 *                                 loopback hosts
 * sha256 FILE...                  print "HEX  FILE" for each file, like sha256sum (the JDK's SHA-256)
 * train DIR                       the training run of the harness's start-up cache: builds a synthetic image in DIR
 *                                 and unpacks and digests it a few times (see {@link Training}); DIR is removed
 * noop                            do nothing (to time the JVM start-up on the same module path)
 * </pre>
 *
 * <p>Each command prints its result on standard output and one line {@code xc-bench: COMMAND N ms} on standard
 * error: the time spent inside the JVM, without its start-up. Exit status 0 on success, 1 when the operation
 * fails, 2 for a usage error.
 *
 * <p>Not thread-safe; meant to be run as a process, once per operation.
 */
public final class Harness {

    /** The usage text printed on a usage error. */
    public static final String USAGE = """
            usage: harness unpack LAYOUT TAG DIR
                   harness push LAYOUT TAG HOST:PORT/REPOSITORY:TAG
                   harness sha256 FILE...
                   harness train SCRATCH-DIR
                   harness noop""";

    private final PrintStream out;

    /** A harness writing results to {@code out}. */
    public Harness(PrintStream out) {
        this.out = out;
    }

    /** Runs one command and exits with its status. */
    public static void main(String[] args) {
        int status;
        try {
            status = new Harness(System.out).run(List.of(args));
        } catch (XcException e) {
            System.err.println("xc-bench: " + e.getMessage());
            if (!e.hint().isEmpty()) {
                System.err.println("  hint: " + e.hint());
            }
            status = e.code() == ErrorCode.INVALID_ARGUMENT ? 2 : 1;
        }
        System.out.flush();
        System.exit(status);
    }

    /**
     * Runs one command.
     *
     * @return the exit status: 0 on success
     * @throws XcException {@link ErrorCode#INVALID_ARGUMENT} for a usage error (the message names the bad
     *                     argument and the hint shows the usage); any error of the operation itself
     */
    public int run(List<String> args) {
        if (args.isEmpty()) {
            throw usage("no command given");
        }
        long t0 = System.nanoTime();
        String cmd = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        switch (cmd) {
            case "unpack" -> {
                arity(cmd, rest, 3);
                unpack(OciLayout.open(Path.of(rest.get(0))).image(rest.get(1)), Path.of(rest.get(2)));
            }
            case "push" -> {
                arity(cmd, rest, 3);
                push(OciLayout.open(Path.of(rest.get(0))).image(rest.get(1)), ImageReference.parse(rest.get(2)));
            }
            case "sha256" -> {
                if (rest.isEmpty()) {
                    throw usage("sha256 needs at least one file");
                }
                for (String f : rest) {
                    out.println(sha256(Path.of(f)).hex() + "  " + f);
                }
            }
            case "train" -> {
                arity(cmd, rest, 1);
                out.println("trained: " + Training.run(Path.of(rest.getFirst())) + " entries unpacked");
            }
            case "noop" -> arity(cmd, rest, 0);
            default -> throw usage("unknown command '" + cmd + "'");
        }
        System.err.println("xc-bench: " + cmd + " " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        return 0;
    }

    private static void arity(String cmd, List<String> rest, int n) {
        if (rest.size() != n) {
            throw usage(cmd + " takes " + n + " argument" + (n == 1 ? "" : "s") + ", not " + rest.size());
        }
    }

    private static XcException usage(String what) {
        return XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid harness arguments: " + what, USAGE);
    }

    /**
     * Unpacks the image's layers in order into {@code dir} (created if missing), verifying both digests. Device nodes
     * are skipped, as {@code xc pull} skips them (a jail gets its devices from devfs).
     */
    List<UnpackResult> unpack(OciLayout.Image image, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot create " + dir + ": " + e.getMessage(),
                    "pass a writable directory", e);
        }
        List<OciDescriptor> layers = image.manifest().layers();
        List<Digest> diffIds = image.config().diffIds();
        List<LayerSource> sources = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            OciDescriptor d = layers.get(i);
            Path file = image.layout().blob(d.digest());
            Optional<Digest> diffId = i < diffIds.size() ? Optional.of(diffIds.get(i)) : Optional.empty();
            sources.add(new LayerSource(() -> Files.newInputStream(file), d.mediaType(), Optional.of(d.digest()),
                    diffId));
        }
        List<UnpackResult> results = new LayerUnpacker(UnpackOptions.defaults()
                .withDevices(UnpackOptions.DevicePolicy.SKIP)).unpackAll(sources, dir);
        long entries = results.stream().mapToLong(UnpackResult::entries).sum();
        long bytes = results.stream().mapToLong(UnpackResult::bytes).sum();
        out.println("unpacked " + results.size() + " layers, " + entries + " entries, " + bytes + " bytes into "
                + dir);
        return results;
    }

    /** Pushes the config, the layers (in parallel) and then the manifest, byte for byte as stored. */
    Digest push(OciLayout.Image image, ImageReference target) {
        List<BlobSource> blobs = new ArrayList<>();
        OciDescriptor config = image.manifest().config();
        blobs.add(BlobSource.ofFile(Descriptor.of(config.mediaType(), config.digest(), config.size()),
                image.layout().blob(config.digest())));
        for (OciDescriptor d : image.manifest().layers()) {
            blobs.add(BlobSource.ofFile(Descriptor.of(d.mediaType(), d.digest(), d.size()),
                    image.layout().blob(d.digest())));
        }
        RegistryClient.Builder b = RegistryClient.builder();
        if (isLoopback(target.registry())) {
            b.insecure(target.registry());
        }
        try (RegistryClient client = b.build()) {
            ImageReference repo = new ImageReference(target.registry(), target.repository(), Optional.empty(),
                    Optional.empty());
            List<PushedBlob> pushed = client.pushBlobs(repo, blobs, Optional.empty());
            Manifest m = Manifest.parse(image.manifestBytes(), Optional.of(image.descriptor().mediaType()),
                    Optional.of(image.descriptor().digest()));
            Digest digest = client.pushManifest(target, m);
            long uploaded = pushed.stream().filter(p -> p.outcome() == PushedBlob.Outcome.UPLOADED).count();
            out.println("pushed " + target + "@" + digest + " (" + uploaded + " of " + pushed.size()
                    + " blobs uploaded)");
            return digest;
        }
    }

    static boolean isLoopback(String registry) {
        String host = registry.startsWith("[") ? registry.substring(1, registry.indexOf(']'))
                : registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    /** The sha256 of a file, read in 1 MiB blocks through the JDK's {@link MessageDigest}. */
    static Digest sha256(Path file) {
        MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(),
                    "check that the file exists and is readable", e);
        }
        return new Digest(Digest.SHA256, HexFormat.of().formatHex(md.digest()));
    }
}
