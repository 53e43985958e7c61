package dev.xc.registry;

import dev.xc.api.image.ImageReference;
import dev.xc.api.image.Platform;
import dev.xc.api.image.PlatformPolicy;
import dev.xc.testkit.registry.RegistryServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A measuring tool, not a timed test: runs only with {@code XC_BENCH=1}. Pushes a ~200 MB image (4 gzip layers of
 * incompressible data) to a loopback docker-registry, then times, in one run, pulling it with this client (layers
 * sequentially and 4 in parallel, into files through {@link BlobSink#toFile}) and with
 * {@code skopeo copy docker://... oci:...}. Prints the numbers and writes them to {@code target/throughput.txt}.
 */
@EnabledIfEnvironmentVariable(named = "XC_BENCH", matches = "1")
class PullThroughput {

    static final int LAYERS = 4;
    static final int LAYER_BYTES = 50 << 20;
    static final int ROUNDS = 3;

    @Test
    void measure(@TempDir Path dir) throws Exception {
        List<String> report = new ArrayList<>();
        try (RegistryServer registry = RegistryServer.builder().start();
             RegistryClient client = RegistryClient.builder().insecure(registry.host()).build()) {
            ImageReference ref = ImageReference.parse(registry.host() + "/bench/big:1");
            List<BlobSource> layers = new ArrayList<>();
            for (int i = 0; i < LAYERS; i++) {
                Path f = dir.resolve("layer" + i + ".tar.gz");
                writeGzipRandom(f, i);
                layers.add(BlobSource.ofFile(MediaTypes.OCI_LAYER_GZIP, f));
            }
            BlobSource config = BlobSource.of(MediaTypes.OCI_CONFIG,
                    "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            List<BlobSource> all = new ArrayList<>(layers);
            all.add(config);
            client.pushBlobs(ref, all, Optional.empty());
            Manifest m = Manifest.image(MediaTypes.OCI_MANIFEST, config.descriptor(),
                    layers.stream().map(BlobSource::descriptor).toList());
            client.pushManifest(ref, m);
            long total = all.stream().mapToLong(b -> b.descriptor().size()).sum();
            report.add("image " + ref + ": " + LAYERS + " layers, " + total + " bytes (" + mb(total) + " MB)");

            for (int round = 1; round <= ROUNDS; round++) {
                Path out = Files.createDirectories(dir.resolve("xc-seq-" + round));
                long t0 = System.nanoTime();
                ResolvedImage r = client.resolve(ref, PlatformPolicy.preferFreeBsd("amd64"));
                for (Descriptor d : all.stream().map(BlobSource::descriptor).toList()) {
                    client.pullBlob(r.reference(), d, BlobSink.toFile(out.resolve(d.digest().hex())));
                }
                report.add(line("xc-registry, sequential", round, total, System.nanoTime() - t0));
                delete(out);

                out = Files.createDirectories(dir.resolve("xc-par-" + round));
                t0 = System.nanoTime();
                r = client.resolve(ref, PlatformPolicy.preferFreeBsd("amd64"));
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Future<?>> fs = new ArrayList<>();
                for (Descriptor d : all.stream().map(BlobSource::descriptor).toList()) {
                    Path target = out.resolve(d.digest().hex());
                    ImageReference pinned = r.reference();
                    fs.add(pool.submit(() -> client.pullBlob(pinned, d, BlobSink.toFile(target))));
                }
                for (Future<?> f : fs) {
                    f.get();
                }
                pool.shutdown();
                report.add(line("xc-registry, 4 parallel", round, total, System.nanoTime() - t0));
                delete(out);

                Path oci = dir.resolve("skopeo-" + round);
                List<String> cmd = List.of("skopeo", "--insecure-policy", "copy", "--src-tls-verify=false",
                        "docker://" + ref, "oci:" + oci + ":1");
                t0 = System.nanoTime();
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                assertEquals(0, p.waitFor());
                report.add(line("skopeo copy", round, total, System.nanoTime() - t0));
                if (round == 1) {
                    report.add("  skopeo command: " + String.join(" ", cmd));
                }
                delete(oci);
            }
        }
        report.forEach(System.out::println);
        Files.write(Path.of("target", "throughput.txt"), report);
    }

    static String line(String what, int round, long bytes, long nanos) {
        double s = nanos / 1e9;
        return String.format("%-26s round %d: %6.2f s  %7.1f MB/s", what, round, s, bytes / 1e6 / s);
    }

    static String mb(long bytes) {
        return String.format("%.1f", bytes / 1e6);
    }

    static void writeGzipRandom(Path f, int seed) throws IOException {
        Random r = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f), 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            for (int i = 0; i < LAYER_BYTES / buf.length; i++) {
                r.nextBytes(buf);
                out.write(buf);
            }
        }
    }

    static void delete(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
