package dev.xc.bench.jmh;

import com.github.luben.zstd.ZstdInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Decompression as the unpacker does it: {@code GZIPInputStream} (the JDK's zlib) or zstd-jni's
 * {@code ZstdInputStream} over a buffered layer, either drained into a discarding buffer ({@code *Only}) or feeding
 * the tar parser that hands entries to the extractor ({@code *IntoTar}). The layer is {@code small} (5,000 text
 * files, ~5:1) or {@code large} (2 files of 8 MiB of random bytes). Score: milliseconds per layer.
 *
 * <p>Not thread-safe (JMH gives each thread its own state).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecompressBench {

    @Param({"small", "large"})
    public String layer;

    private byte[] gz = new byte[0];
    private byte[] zst = new byte[0];
    private final byte[] buf = new byte[1 << 20];

    @Setup
    public void setup() {
        byte[] tar = layer.equals("small") ? Layers.smallFilesTar(5000, 4096) : Layers.largeFilesTar(2, 8 << 20);
        gz = Layers.gzip(tar);
        zst = Layers.zstd(tar);
    }

    private InputStream gzipStream() throws IOException {
        return new GZIPInputStream(new BufferedInputStream(new ByteArrayInputStream(gz), 1 << 17), 1 << 16);
    }

    private InputStream zstdStream() throws IOException {
        return new ZstdInputStream(new BufferedInputStream(new ByteArrayInputStream(zst), 1 << 17)).setContinuous(false);
    }

    private long drain(InputStream in) throws IOException {
        long n = 0;
        try (in) {
            for (int r; (r = in.read(buf)) >= 0; ) {
                n += r;
            }
        }
        return n;
    }

    private long throughTar(InputStream raw) throws IOException {
        long n = 0;
        try (TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
            while (in.getNextEntry() != null) {
                for (int r; (r = in.read(buf)) > 0; ) {
                    n += r;
                }
            }
        }
        return n;
    }

    @Benchmark
    public long gzipOnly() throws IOException {
        return drain(gzipStream());
    }

    @Benchmark
    public long gzipIntoTar() throws IOException {
        return throughTar(gzipStream());
    }

    @Benchmark
    public long zstdOnly() throws IOException {
        return drain(zstdStream());
    }

    @Benchmark
    public long zstdIntoTar() throws IOException {
        return throughTar(zstdStream());
    }
}
