package dev.xc.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xc.api.image.Digest;
import dev.xc.api.image.Platform;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI (or Docker) image config: platform, the container defaults, the layer DiffIDs and the history. The
 * {@code config} object is kept as the JSON tree it was read from, so keys this model does not know (Docker's
 * {@code Healthcheck}, xc's {@code xc_extension}) survive a read-write cycle; {@link ContainerConfig} gives typed
 * access to the standard keys.
 *
 * @param architecture as written ({@code amd64})
 * @param os           as written ({@code linux}, or {@code FreeBSD} from the original xc)
 * @param config       the {@code config} object, empty when absent or null
 * @param diffIds      {@code rootfs.diff_ids}, bottom layer first
 * @param history      {@code history} entries as JSON objects
 * @param created      {@code created}, when present
 * @param variant      {@code variant}, when present
 * @param osVersion    {@code os.version}, when present
 */
public record OciImageConfig(String architecture, String os, ObjectNode config, List<Digest> diffIds,
                             List<ObjectNode> history, Optional<String> created, Optional<String> variant,
                             Optional<String> osVersion) {
    public OciImageConfig {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(osVersion, "osVersion");
        config = config.deepCopy();
        diffIds = List.copyOf(diffIds);
        history = history.stream().map(ObjectNode::deepCopy).toList();
    }

    /** Returns a defensive copy of the {@code config} object. */
    @Override
    public ObjectNode config() {
        return config.deepCopy();
    }

    /** The normalised platform. */
    public Platform platform() {
        return new Platform(os, architecture, variant);
    }

    /** Typed access to the standard container defaults. */
    public ContainerConfig containerConfig() {
        return ContainerConfig.of(config);
    }

    /** The OCI ChainID of the first {@code n} layers: {@code chain0 = diff0}, {@code chainN = sha256(chainN-1 + " " + diffN)}. */
    public Optional<Digest> chainId(int n) {
        return ImageJson.chainId(diffIds.subList(0, n));
    }
}
