package dev.xc.api.spi;

import java.nio.file.Path;

/**
 * Supplies the {@link Host} the embedded engine runs on, found with {@link java.util.ServiceLoader}: {@code "local"}
 * (this machine, from {@code dev.xc.host}) and {@code "simulated"} (the simulated FreeBSD 14 host of
 * {@code dev.xc.testkit}, whose jails run in bubblewrap sandboxes). The configuration key {@code host} names one;
 * by default the local host is used on FreeBSD, and elsewhere the simulated one when it is installed, so that
 * containers can run on a development machine.
 */
public interface HostProvider {

    /** {@code "local"}, {@code "simulated"}, or a third party's name. */
    String name();

    /** Whether this provider can supply a host here; a "no" says why. */
    Support isSupported();

    /**
     * Creates the host.
     *
     * @param stateDirectory a directory the host may keep state in (the simulated host keeps its jail roots' scratch
     *        there)
     */
    Host create(Path stateDirectory);
}
