package dev.xc.api.spi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

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

    /**
     * Whether a pull should store every intermediate chain of an image as its own layer. True where a chain is cheap
     * (a ZFS snapshot, the default). A backend that must materialise each chain as a full tree answers false: a pull
     * then unpacks all its missing layers, in order, into one writer for the top chain, and a lower chain is unpacked
     * again from the stored blobs only when another image needs it on its own.
     */
    default boolean keepsIntermediateLayers() {
        return true;
    }

    /** Removes a committed chain; refused while a clone depends on it. Idempotent. */
    void removeLayer(String chainId);

    /** Every committed chain id. */
    List<String> layers();

    /**
     * A writable root for a container: a clone of {@code chainId}, or empty. Returns its path. The state at creation
     * is kept so that {@link #diff(String)} can report what the container changed.
     */
    Path createRootfs(String containerId, Optional<String> chainId);

    /** Removes a container root. Idempotent. */
    void removeRootfs(String containerId);

    /**
     * What changed in the root of {@code containerId} since {@link #createRootfs}: the input of {@code commit} and of
     * each build step. Ordered by path (a rename by its old path).
     *
     * @throws XcException {@code CONTAINER_NOT_FOUND} when there is no such root
     */
    List<FileChange> diff(String containerId);

    /** Creates a named volume; {@code hints} are the image's volume hints ({@code zfs.compression=off}, ...). */
    Path createVolume(String name, Map<String, String> hints);

    /** Removes a named volume. Idempotent. */
    void removeVolume(String name);

    /**
     * Space used by a layer chain ({@code sha256:...}), a container root (its id) or a volume (its name), tried in
     * that order.
     *
     * @throws XcException {@code DATASET_NOT_FOUND} when none of them exists
     */
    StorageUsage usage(String id);

    /** Bytes used by a layer chain, container root or volume: {@code usage(id).usedBytes()}. */
    default long usedBytes(String id) {
        return usage(id).usedBytes();
    }

    /**
     * Hands {@code dataset} to the running jail {@code jail} so that it can manage it ({@code jailed=on},
     * {@code zfs jail}). Refused when the dataset, one of its parents or one of its children is already held by
     * another jail. Idempotent for the same jail.
     *
     * @throws XcException {@code DATASET_IN_USE} when another jail holds it; {@code NOT_IMPLEMENTED} from backends
     *         without datasets
     */
    default void attachDataset(String dataset, String jail) {
        throw XcException.of(ErrorCode.NOT_IMPLEMENTED,
                "this storage backend cannot give dataset " + dataset + " to jail " + jail,
                "jailed datasets need the zfs storage backend (storage: zfs in xc.conf)");
    }

    /**
     * Takes {@code dataset} back from {@code jail} ({@code zfs unjail}) on teardown. Idempotent: a dataset that is
     * not held, or whose jail is already gone, is simply forgotten.
     */
    default void detachDataset(String dataset, String jail) {
        throw XcException.of(ErrorCode.NOT_IMPLEMENTED,
                "this storage backend cannot take dataset " + dataset + " back from jail " + jail,
                "jailed datasets need the zfs storage backend (storage: zfs in xc.conf)");
    }

    /** Which dataset each jail holds, ordered by dataset name. */
    default List<JailedDataset> jailedDatasets() {
        return List.of();
    }
}
