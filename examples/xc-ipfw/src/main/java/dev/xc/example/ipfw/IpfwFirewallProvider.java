package dev.xc.example.ipfw;

import dev.xc.api.net.PortRedirect;
import dev.xc.api.spi.Firewall;
import dev.xc.api.spi.FirewallProvider;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.NotImplemented;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Support;

import java.util.List;

/**
 * The {@code "ipfw"} firewall provider. It loads, reports whether the host has ipfw, and is selected by name; its
 * table and redirect commands are not written yet, so each change it is asked for fails with
 * {@code NOT_IMPLEMENTED}.
 */
public final class IpfwFirewallProvider implements FirewallProvider {

    @Override
    public String name() {
        return "ipfw";
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public String description() {
        return "ipfw tables and fwd rules (example plugin; changes not implemented yet)";
    }

    @Override
    public Support isSupported(Host host) {
        if (!host.info().isFreeBsd()) {
            return Support.no("needs a FreeBSD kernel; this host runs " + host.info().osName());
        }
        if (!host.info().kernelModules().contains("ipfw")) {
            return Support.no("ipfw is not loaded (kldload ipfw)");
        }
        return Support.yes();
    }

    @Override
    public Firewall create(ProviderContext context) {
        return new Firewall() {
            @Override
            public void addAddresses(String network, List<String> addresses) {
                throw NotImplemented.of("ipfw", "add addresses to the table of network " + network);
            }

            @Override
            public void removeAddresses(String network, List<String> addresses) {
                throw NotImplemented.of("ipfw", "remove addresses from the table of network " + network);
            }

            @Override
            public void replaceRedirects(List<PortRedirect> rules) {
                throw NotImplemented.of("ipfw", "install port redirects");
            }

            @Override
            public String setupInstructions() {
                return "# ipfw: xc keeps one table per network; add rules that use them to your ipfw script";
            }
        };
    }
}
