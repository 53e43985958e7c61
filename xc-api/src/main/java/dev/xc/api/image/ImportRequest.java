package dev.xc.api.image;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A request to turn a root file system archive (a plain, gzip or zstd tar, such as a Bastille or a FreeBSD
 * {@code base.txz} root) into a one-layer image ({@code xc image import ARCHIVE REFERENCE [-f config.yaml]}).
 *
 * @param archive the archive on the host
 * @param reference the name to give the image
 * @param config its jail configuration; {@link JailConfig#empty()} when none is given
 */
public record ImportRequest(Path archive, ImageReference reference, JailConfig config) {

    public ImportRequest {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(config, "config");
    }
}
