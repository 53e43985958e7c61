package dev.xc.example.ipfw;

import dev.xc.api.spi.Firewall;
import dev.xc.api.spi.FirewallProvider;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Support;

/**
 * The {@code "ipfw"} firewall provider: per-network ipfw tables and port redirects through in-kernel NAT
 * ({@code redirect_port}), built only against {@code dev.xc.api}. The ipfw syntax it writes is unverified on a real
 * host (see {@code IpfwFirewall}); it is selected by name ({@code firewall: ipfw}).
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
        return "ipfw tables and NAT redirect_port rules (example plugin; syntax unverified on a real host)";
    }

    @Override
    public Support isSupported(Host host) {
        Support freeBsd = Support.freeBsdOnly(host.info());
        if (!freeBsd.supported()) {
            return freeBsd;
        }
        if (!host.info().kernelModules().contains("ipfw")) {
            return Support.no("ipfw is not loaded (kldload ipfw)");
        }
        return Support.yes();
    }

    @Override
    public Firewall create(ProviderContext context) {
        return new IpfwFirewall(context);
    }
}
