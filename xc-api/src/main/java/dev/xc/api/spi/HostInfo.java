package dev.xc.api.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Facts about the host, read once at start-up.
 *
 * @param osName kernel name as {@code uname -s} prints it ({@code FreeBSD}, {@code Linux})
 * @param release kernel release ({@code 14.1-RELEASE}, {@code 6.1.0-18-amd64})
 * @param osreldate FreeBSD's {@code kern.osreldate} (for example 1401000); empty elsewhere
 * @param architecture OCI architecture name ({@code amd64}, {@code arm64})
 * @param kernelModules loaded kernel modules (FreeBSD kld names such as {@code zfs}, {@code pf}, {@code linux64})
 * @param zfs whether ZFS is usable (module loaded and the {@code zfs} tool present)
 * @param pf whether pf is usable (module loaded and {@code pfctl} present)
 * @param vnet whether the kernel supports VNET jails
 * @param linuxAbi whether Linux binaries can run (the {@code linux64} module is loaded)
 * @param simulated true for the simulated FreeBSD host used in tests
 */
public record HostInfo(String osName, String release, Optional<Integer> osreldate, String architecture,
                       Set<String> kernelModules, boolean zfs, boolean pf, boolean vnet, boolean linuxAbi,
                       boolean simulated) {

    public HostInfo {
        Objects.requireNonNull(osName, "osName");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(osreldate, "osreldate");
        Objects.requireNonNull(architecture, "architecture");
        kernelModules = Set.copyOf(kernelModules);
    }

    /** Whether this host runs (or simulates) a FreeBSD kernel. */
    public boolean isFreeBsd() {
        return osName.equals("FreeBSD");
    }

    /** One line for {@code xc info}: {@code FreeBSD 14.1-RELEASE amd64 (zfs, pf, vnet)}. */
    public String summary() {
        StringBuilder f = new StringBuilder();
        if (zfs) f.append("zfs ");
        if (pf) f.append("pf ");
        if (vnet) f.append("vnet ");
        if (linuxAbi) f.append("linux ");
        String feats = f.toString().strip().replace(' ', ',');
        return osName + " " + release + " " + architecture + (simulated ? " [simulated]" : "")
                + (feats.isEmpty() ? "" : " (" + feats.replace(",", ", ") + ")");
    }
}
