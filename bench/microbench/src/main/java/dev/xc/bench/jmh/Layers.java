package dev.xc.bench.jmh;

import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Synthetic layers for the benchmarks, made in memory and deterministic (a fixed seed): many small text-like
 * files, like a distribution's {@code /usr}, or a few large incompressible ones.
 *
 * <p>Thread-safe: static methods without shared state.
 */
public final class Layers {

    private Layers() {
    }

    /**
     * An uncompressed tar of {@code files} files in directories of 100; file {@code i} holds between 16 bytes and
     * {@code maxSize} bytes of repetitive text (compressible about 5:1 with gzip, like binaries and text in a base
     * image).
     */
    public static byte[] smallFilesTar(int files, int maxSize) {
        Random r = new Random(42);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < files; i++) {
                if (i % 100 == 0) {
                    TarArchiveEntry d = new TarArchiveEntry("usr/share/d" + (i / 100) + "/");
                    d.setMode(040755);
                    tar.putArchiveEntry(d);
                    tar.closeArchiveEntry();
                }
                byte[] content = new byte[16 + r.nextInt(maxSize - 15)];
                for (int j = 0; j < content.length; j++) {
                    content[j] = (byte) (r.nextInt(8) == 0 ? 'a' + r.nextInt(26) : "the quick brown fox ".charAt(j % 20));
                }
                TarArchiveEntry e = new TarArchiveEntry("usr/share/d" + (i / 100) + "/file-" + i + ".txt");
                e.setMode(0644);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** An uncompressed tar of {@code files} files of {@code size} random bytes each. */
    public static byte[] largeFilesTar(int files, int size) {
        Random r = new Random(7);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < files; i++) {
                byte[] content = new byte[size];
                r.nextBytes(content);
                TarArchiveEntry e = new TarArchiveEntry("blobs/big" + i + ".bin");
                e.setMode(0644);
                e.setSize(size);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code tar} compressed with gzip at level 6, the level most image builders use. */
    public static byte[] gzip(byte[] tar) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes, 1 << 16)) {
            out.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code tar} compressed with zstd at level 3 (zstd's and skopeo's default). */
    public static byte[] zstd(byte[] tar) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new ZstdOutputStream(bytes, 3)) {
            out.write(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
