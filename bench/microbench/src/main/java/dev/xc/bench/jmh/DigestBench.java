package dev.xc.bench.jmh;

import dev.xc.api.image.Digest;
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

import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * sha256 through {@link Digest#newMessageDigest(String)} (the JDK's SUN provider, whose compression function the
 * JIT replaces with the CPU's SHA extensions or AVX2 code when it has them), fed {@code size} bytes per
 * {@code update} as the unpacker and the registry client do. Score: microseconds per 16 MiB; 16 MiB divided by the
 * score gives the throughput.
 *
 * <p>Not thread-safe (JMH gives each thread its own state).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DigestBench {

    private static final int TOTAL = 16 << 20;

    @Param({"65536", "1048576"})
    public int size;

    private byte[] block = new byte[0];
    private MessageDigest md = Digest.newMessageDigest(Digest.SHA256);

    @Setup
    public void setup() {
        block = new byte[size];
        new Random(1).nextBytes(block);
        md = Digest.newMessageDigest(Digest.SHA256);
    }

    @Benchmark
    public byte[] sha256() {
        for (int done = 0; done < TOTAL; done += size) {
            md.update(block, 0, size);
        }
        return md.digest();
    }
}
