package dev.xc.testkit;

import dev.xc.api.spi.Host;
import dev.xc.api.spi.HostProvider;
import dev.xc.api.spi.Support;
import dev.xc.testkit.devfs.SimulatedDevfs;
import dev.xc.testkit.pf.SimulatedPfctl;
import dev.xc.testkit.zfs.SimulatedZfs;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code "simulated"} host: a FreeBSD 14 stand-in whose jails run for real in bubblewrap sandboxes, with
 * simulated {@code devfs}, {@code pfctl} and {@code zfs}. Its kernel state (jails, mounts, interfaces, pf and devfs)
 * is persisted in the state directory it is given ({@code simulated-host.json}), so the daemon, a daemon restarted
 * after a crash and single commands on machines without FreeBSD see one host; the simulated zfs keeps its datasets
 * in memory (the embedded default stores containers in directories). On FreeBSD use the local host.
 */
public final class SimulatedHostProvider implements HostProvider {

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public Support isSupported() {
        if (!Files.isExecutable(Path.of("/usr/bin/bwrap"))) {
            return Support.no("bubblewrap is not installed (apt-get install bubblewrap); jailed processes could not run");
        }
        return Support.yes();
    }

    @Override
    public Host create(Path stateDirectory) {
        return SimulatedHost.builder()
                .tool("devfs", SimulatedDevfs.withDefaultRulesets())
                .tool("pfctl", SimulatedPfctl.enabled())
                .tool("zfs", SimulatedZfs.create(stateDirectory.resolve("zfs"), "zroot"))
                .persistTo(stateDirectory)
                .build();
    }
}
