package dev.xc.api.spi;

import java.time.Clock;
import java.util.Optional;

/**
 * The door to the operating system that backends receive. Only {@code dev.xc.host} implements it for real; tests hand
 * in the simulated FreeBSD host from {@code dev.xc.testkit}. Backends never start processes or call native code
 * themselves.
 *
 * <p>Implementations are thread-safe.
 */
public interface Host {

    /** Facts about this host. */
    HostInfo info();

    /** Runs host programs ({@code zfs}, {@code pfctl}, {@code ifconfig}, {@code devfs}, ...). */
    CommandRunner commands();

    /**
     * The FreeBSD system calls for jails and mounts, when this host has them: present on FreeBSD and on the simulated
     * FreeBSD host, empty elsewhere (a Linux development machine), so a backend can say why it cannot work instead of
     * crashing.
     */
    default Optional<KernelCalls> kernel() {
        return Optional.empty();
    }

    /** The clock backends use for timestamps; injected so tests can fix time. */
    default Clock clock() {
        return Clock.systemUTC();
    }
}
