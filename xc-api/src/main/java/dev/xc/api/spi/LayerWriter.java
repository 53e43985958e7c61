package dev.xc.api.spi;

import java.nio.file.Path;

/**
 * A layer being written: unpack into {@link #root()}, then {@link #commit()} (snapshot, becomes visible) or
 * {@link #close()} without commit (everything written is discarded).
 */
public interface LayerWriter extends AutoCloseable {

    /** The directory to unpack the layer into; it already holds the parent chain's content. */
    Path root();

    /** Makes the layer permanent and visible under its chain id. */
    void commit();

    /** Discards the layer unless it was committed. Idempotent. */
    @Override
    void close();
}
