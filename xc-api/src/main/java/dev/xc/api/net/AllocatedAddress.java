package dev.xc.api.net;

import java.util.Objects;
import java.util.Optional;

/**
 * One address a container holds: from a managed network ({@code --network}) or unmanaged ({@code --ip}), on the
 * interface it is configured on. {@link #toString()} renders it as {@code xc ps} shows it:
 * {@code (network)iface|address} or {@code iface|address}.
 *
 * @param network the managed network it was allocated from; empty for {@code --ip} addresses
 * @param iface the interface carrying it (host alias interface, or the interface inside a VNET container)
 * @param address the address with its prefix
 */
public record AllocatedAddress(Optional<String> network, String iface, Cidr address) {
    public AllocatedAddress {
        Objects.requireNonNull(network, "network");
        network.ifPresent(NetworkSpec::checkName);
        IpAssignment.checkInterface(iface, "interface");
        Objects.requireNonNull(address, "address");
    }

    @Override
    public String toString() {
        return network.map(n -> "(" + n + ")").orElse("") + iface + "|" + address;
    }
}
