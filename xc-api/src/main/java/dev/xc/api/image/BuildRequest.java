package dev.xc.api.image;

import dev.xc.api.net.DnsSetting;
import dev.xc.api.net.NetworkRequest;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code xc build}: run a Jailfile in a build container and commit the result as an image.
 *
 * @param jailfile the Jailfile ({@code ./Jailfile} by default)
 * @param context the directory {@code COPY} sources are relative to
 * @param target the image to produce; it must not exist yet
 * @param network the network build containers join, if any
 * @param dns name resolution inside build containers
 * @param output when present, write the layer and {@code jail.json} into this directory instead of registering an
 *        image (the original's {@code --output-inplace})
 */
public record BuildRequest(Path jailfile, Path context, ImageReference target, Optional<NetworkRequest> network,
                           DnsSetting dns, Optional<Path> output) {
    public BuildRequest {
        Objects.requireNonNull(jailfile, "jailfile");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(output, "output");
    }

    /** {@code ./Jailfile} in {@code dir}, building {@code target}, inheriting the host's DNS. */
    public static BuildRequest of(Path dir, ImageReference target) {
        return new BuildRequest(dir.resolve("Jailfile"), dir, target, Optional.empty(), new DnsSetting.Inherit(),
                Optional.empty());
    }
}
