package dev.xc.registry;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A blob to push: its descriptor and a way to read its bytes, possibly more than once (a failed upload is repeated
 * from the start). The client checks what it reads against the descriptor's digest and size before it lets the
 * registry commit the upload.
 */
public interface BlobSource {

    /** Media type, digest and size of the blob. */
    Descriptor descriptor();

    /** A fresh stream over the blob's bytes, from the first. */
    InputStream open() throws IOException;

    /** A blob held in memory (configs, small layers, tests). */
    static BlobSource of(String mediaType, byte[] bytes) {
        byte[] copy = bytes.clone();
        Descriptor d = Descriptor.of(mediaType, Digest.sha256(copy), copy.length);
        return new BlobSource() {
            @Override
            public Descriptor descriptor() {
                return d;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(copy);
            }
        };
    }

    /** A blob in a file; its sha256 is computed now, by reading the file once. */
    static BlobSource ofFile(String mediaType, Path file) {
        Objects.requireNonNull(file, "file");
        MessageDigest md = Digest.newMessageDigest(Digest.SHA256);
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
                size += n;
            }
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot read blob file " + file + ": " + e.getMessage(),
                    "check that the file exists and is readable", e);
        }
        Descriptor d = Descriptor.of(mediaType, new Digest(Digest.SHA256, HexFormat.of().formatHex(md.digest())),
                size);
        return ofFile(d, file);
    }

    /** A blob in a file whose descriptor is already known (it is checked while uploading). */
    static BlobSource ofFile(Descriptor descriptor, Path file) {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(file, "file");
        return new BlobSource() {
            @Override
            public Descriptor descriptor() {
                return descriptor;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }
}
