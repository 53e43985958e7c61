package dev.xc.bench.jmh;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Tar entry parsing, the first step of every layer unpack: {@code TarArchiveInputStream} (the parser xc's
 * extractor uses) walks an in-memory tar of small files. {@code headersOnly} skips the contents; {@code
 * headersAndContent} reads every byte of them as the extractor does. Score: microseconds per tar of
 * {@code files} entries; divide by {@code files} for the cost of one entry.
 *
 * <p>Not thread-safe (JMH gives each thread its own state).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TarParseBench {

    @Param({"2000"})
    public int files;

    private byte[] tar = new byte[0];
    private final byte[] buf = new byte[1 << 16];

    @Setup
    public void setup() {
        tar = Layers.smallFilesTar(files, 4096);
    }

    @Benchmark
    public long headersOnly() throws IOException {
        long n = 0;
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                n += e.getSize();
            }
        }
        return n;
    }

    @Benchmark
    public long headersAndContent() throws IOException {
        long n = 0;
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            while (in.getNextEntry() != null) {
                for (int r; (r = in.read(buf)) > 0; ) {
                    n += r;
                }
            }
        }
        return n;
    }
}
