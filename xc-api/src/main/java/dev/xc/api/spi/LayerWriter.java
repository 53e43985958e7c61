package dev.xc.api.spi;

import java.nio.file.Path;

/**
 * A layer being written: unpack into {@link #root()}, then {@link #commit()} (snapshot, becomes visible) or
 * {@link #close()} without commit (everything written is discarded).
 *
 * <p>Files already in {@link #root()} may share storage with the parent chain (a ZFS clone, or hard links in the
 * directory backend). Replace a file (remove it, then create it) rather than writing into it in place; unpacking a
 * layer does that anyway.
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
