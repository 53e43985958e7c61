package dev.xc.api.spi;

import java.util.List;
import java.util.Optional;

/**
 * Creates, queries and removes jails and starts processes inside them. Implementations are thread-safe.
 */
public interface JailRuntime {

    /**
     * Mounts {@code spec.mounts()} in order and creates a persistent jail.
     *
     * @return the new jail's id
     * @throws dev.xc.api.XcException when a parameter is invalid or the kernel refuses; mounts already made are undone
     */
    int create(JailSpec spec);

    /** The jail named {@code name}, if the kernel has it. */
    Optional<JailStatus> find(String name);

    /** Every jail the kernel has. */
    List<JailStatus> list();

    /** Removes the jail (killing its processes) and unmounts what {@link #create} mounted, in reverse. Idempotent. */
    void remove(String name);

    /**
     * Starts a process inside the jail and returns its host pid without waiting for it.
     *
     * @throws dev.xc.api.XcException.NotFound when the jail does not exist
     */
    long spawn(String jailName, ProcessSpec process);

    /**
     * Starts a process inside the jail and returns its supervisor: exit status, signals, console.
     *
     * @throws dev.xc.api.XcException.NotFound when the jail does not exist
     */
    default SupervisedProcess start(String jailName, ProcessSpec process) {
        throw NotImplemented.of(getClass().getSimpleName(), "supervise processes in jail '" + jailName + "'");
    }
}
