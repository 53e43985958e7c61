package dev.xc.api;

/**
 * Ties a container's life to the caller: when the lease is closed, or the caller's connection to the daemon drops, the
 * container is killed ({@code xc link}).
 */
public interface Lease extends AutoCloseable {

    /** The container the lease holds. */
    String container();

    /** Ends the lease and kills the container. Idempotent. */
    @Override
    void close();
}
