package dev.xc.api.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where image layers, container root file systems and volumes live: ZFS datasets, or plain directories on hosts
 * without ZFS. Chain ids are OCI ChainIDs ({@code sha256:...}) so identical layer stacks are stored once.
 * Implementations are thread-safe.
 */
public interface Storage {

    /** Whether the layer chain {@code chainId} is stored and committed. */
    boolean hasLayer(String chainId);

    /** Starts a layer on top of {@code parentChainId} (or empty). Commit or close the writer. */
    LayerWriter beginLayer(String chainId, Optional<String> parentChainId);

    /** Removes a committed chain; refused while a clone depends on it. */
    void removeLayer(String chainId);

    /** Every committed chain id. */
    List<String> layers();

    /** A writable root for a container: a clone of {@code chainId}, or empty. Returns its path. */
    Path createRootfs(String containerId, Optional<String> chainId);

    /** Removes a container root. Idempotent. */
    void removeRootfs(String containerId);

    /** Creates a named volume; {@code hints} are the image's volume hints ({@code zfs.compression=off}, ...). */
    Path createVolume(String name, Map<String, String> hints);

    /** Removes a named volume. Idempotent. */
    void removeVolume(String name);

    /** Bytes used by a layer chain, container root or volume. */
    long usedBytes(String id);
}
