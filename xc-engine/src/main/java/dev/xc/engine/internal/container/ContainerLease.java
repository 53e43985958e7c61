package dev.xc.engine.internal.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.Lease;
import dev.xc.api.XcException;
import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.ContainerState;
import dev.xc.api.container.StopOptions;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code xc link}: ties a container's life to the holder. Closing the lease kills the container (SIGKILL, no deinit,
 * as the original's link did when its connection closed), unless it has already stopped by itself. Over the daemon
 * the server closes the lease when the caller's connection drops.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class ContainerLease implements Lease {

    private final Containers containers;
    private final String id;
    private final String name;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ContainerLease(Containers containers, String id, String name) {
        this.containers = containers;
        this.id = id;
        this.name = name;
    }

    /**
     * A lease on {@code ref} (name or id), which must be created or running.
     *
     * @throws XcException {@code CONTAINER_NOT_FOUND} when there is no such container; {@code RESOURCE_BUSY} when it
     *         has already stopped
     */
    public static ContainerLease link(Containers containers, String ref) {
        ContainerInfo c = containers.inspect(ref);
        if (!(c.state() == ContainerState.CREATED || c.state().isActive())) {
            throw XcException.of(ErrorCode.RESOURCE_BUSY, "cannot link container " + c.name() + ": it is "
                    + c.state().id(), "link a running container; start this one with xc start " + c.name()
                    + " if it can be restarted, or run a new one");
        }
        return new ContainerLease(containers, c.id(), c.name());
    }

    @Override
    public String container() {
        return name;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            ContainerInfo c = containers.inspect(id);
            if (c.state() == ContainerState.CREATED || c.state().isActive()) {
                containers.kill(id, StopOptions.kill());
            }
        } catch (XcException e) {
            // removed, or stopped between the look and the kill: the lease has nothing left to end
            if (e.code() != ErrorCode.CONTAINER_NOT_FOUND && e.code() != ErrorCode.RESOURCE_BUSY) {
                throw e;
            }
        }
    }
}
