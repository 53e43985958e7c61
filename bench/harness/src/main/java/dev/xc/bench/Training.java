package dev.xc.bench;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.image.BuiltLayer;
import dev.xc.image.Compression;
import dev.xc.image.LayerBuilder;
import dev.xc.image.MediaTypes;
import dev.xc.image.UnpackResult;
import dev.xc.api.image.Digest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The training run behind the harness's start-up cache ({@code -XX:AOTCacheOutput}, JEP 514/515): makes a synthetic
 * image of its own in a scratch directory (an OCI layout with three gzip layers built by {@link LayerBuilder} from
 * generated files, the second overwriting and deleting some of the first's, so that whiteouts occur) and unpacks it
 * a few times through {@code unpack}'s own code, then digests its blobs the way {@code sha256} does. It never reads the benchmark images:
 * the cache holds what the code paths load and how they behave, not anything learnt from the data being measured.
 */
final class Training {

    private static final int FILES = 1_500;
    private static final int ROUNDS = 4;
    private static final String TAG = "train";

    private Training() {
    }

    /** Runs the training in {@code dir} (created, and emptied at the end); returns the entries unpacked in all. */
    static long run(Path dir) {
        try {
            Files.createDirectories(dir);
            Path lower = dir.resolve("lower");
            Path upper = dir.resolve("upper");
            Path top = dir.resolve("top");
            SplittableRandom random = new SplittableRandom(2026);
            generate(lower, random, FILES, 0);
            copyTree(lower, upper);
            generate(upper, random, FILES / 4, 1);
            deleteSome(upper, random);
            copyTree(upper, top);
            Files.write(top.resolve("big.bin"), text(random, 4 << 20));
            Path layout = dir.resolve("layout");
            List<BuiltLayer> layers = new ArrayList<>();
            Path[] states = {lower, upper, top};
            for (int i = 0; i < states.length; i++) {
                Path tmp = dir.resolve("layer-" + i);
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    layers.add(LayerBuilder.create(Compression.GZIP).level(1).diff(
                            i == 0 ? Optional.empty() : Optional.of(states[i - 1]), states[i], out));
                }
                moveToBlob(layout, tmp, layers.getLast().digest());
            }
            writeLayout(layout, layers);
            OciLayout.Image image = OciLayout.open(layout).image(TAG);
            Harness harness = new Harness(new PrintStream(OutputStream.nullOutputStream()));
            long entries = 0;
            for (int round = 0; round < ROUNDS; round++) {
                for (UnpackResult r : harness.unpack(OciLayout.open(layout).image(TAG), dir.resolve("root-" + round))) {
                    entries += r.entries();
                }
                for (Path blob : image.blobFiles()) {
                    Harness.sha256(blob);
                }
            }
            return entries;
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "training in " + dir + " failed: " + e.getMessage(),
                    "pass a writable scratch directory", e);
        } finally {
            deleteTree(dir);
        }
    }

    /** Writes the config, the manifest and {@code index.json} of an image made of {@code layers}. */
    private static void writeLayout(Path layout, List<BuiltLayer> layers) throws IOException {
        StringBuilder diffIds = new StringBuilder();
        StringBuilder descriptors = new StringBuilder();
        for (BuiltLayer l : layers) {
            diffIds.append(diffIds.isEmpty() ? "" : ",").append('"').append(l.diffId()).append('"');
            descriptors.append(descriptors.isEmpty() ? "" : ",").append(descriptor(l.mediaType(), l.digest(),
                    l.size(), ""));
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}")
                .getBytes(StandardCharsets.UTF_8);
        Digest configDigest = writeBlob(layout, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":"
                + descriptor(MediaTypes.OCI_CONFIG, configDigest, config.length, "") + ",\"layers\":["
                + descriptors + "]}").getBytes(StandardCharsets.UTF_8);
        Digest manifestDigest = writeBlob(layout, manifest);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":["
                + descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, manifest.length,
                ",\"annotations\":{\"" + OciLayout.REF_NAME + "\":\"" + TAG + "\"}") + "]}");
    }

    private static String descriptor(String mediaType, Digest digest, long size, String more) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + more + "}";
    }

    private static Digest writeBlob(Path layout, byte[] content) throws IOException {
        Digest d = new Digest(Digest.SHA256, HexFormat.of().formatHex(
                Digest.newMessageDigest(Digest.SHA256).digest(content)));
        Path file = layout.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return d;
    }

    private static void moveToBlob(Path layout, Path file, Digest d) throws IOException {
        Path target = layout.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
        Files.createDirectories(target.getParent());
        Files.move(file, target);
    }

    /** Writes {@code n} files of text-like content (0 to 24 KiB) in nested directories, with a few links. */
    private static void generate(Path root, SplittableRandom random, int n, int generation) throws IOException {
        for (int i = 0; i < n; i++) {
            Path d = root.resolve("d" + random.nextInt(20)).resolve("e" + random.nextInt(10));
            Files.createDirectories(d);
            Path f = d.resolve("f" + i + "-" + generation + ".txt");
            Files.write(f, text(random, random.nextInt(24 << 10)));
            if (i % 97 == 0) {
                Path link = d.resolve("link" + i + "-" + generation);
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, f.getFileName());
            }
            if (i % 211 == 0) {
                Path hard = d.resolve("hard" + i + "-" + generation);
                Files.deleteIfExists(hard);
                Files.createLink(hard, f);
            }
        }
    }

    private static final byte[] POOL = pool();

    /** Text-like bytes: a random slice of a pool of words, repeated to {@code size}. */
    private static byte[] text(SplittableRandom random, int size) {
        byte[] out = new byte[size];
        for (int at = 0; at < size; ) {
            int from = random.nextInt(POOL.length / 2);
            int n = Math.min(size - at, POOL.length - from);
            System.arraycopy(POOL, from, out, at, n);
            at += n;
        }
        return out;
    }

    private static byte[] pool() {
        String[] words = {"jail", "layer", "image", "zfs", "pf", "devfs", "vnet", "epair", "rctl", "mount"};
        SplittableRandom random = new SplittableRandom(25);
        StringBuilder sb = new StringBuilder(1 << 17);
        while (sb.length() < 1 << 17) {
            sb.append(words[random.nextInt(words.length)]).append(random.nextInt(4) == 0 ? '\n' : ' ');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void deleteSome(Path root, SplittableRandom random) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            if (random.nextInt(10) == 0) {
                Files.delete(f);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted().toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(q, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("xc-bench: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
