package dev.xc.net.pf;

import dev.xc.api.spi.Firewall;
import dev.xc.api.spi.FirewallProvider;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.HostInfo;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Support;
import dev.xc.net.pf.internal.PfBackend;

/**
 * The {@code "pf"} provider: pf tables {@code xc:network:NAME} and port redirects in the {@code xc-rdr} anchor.
 * Settings (from {@code xc.conf}, overlaid with {@code backends: {pf: {...}}}): {@code pfctl} (default
 * {@code /sbin/pfctl}), {@code ext_ifs} (interfaces for redirects that name none, e.g. {@code igb0,ixl3}),
 * {@code rdr_pass} ({@code true} or {@code false}, default {@code false}).
 */
public final class PfProvider implements FirewallProvider {

    @Override
    public String name() {
        return "pf";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String description() {
        return "pf tables xc:network:NAME and port redirects in the xc-rdr anchor";
    }

    @Override
    public Support isSupported(Host host) {
        HostInfo info = host.info();
        return Support.freeBsdOnly(info).then(() -> info.pf() ? Support.yes()
                : Support.no("pf is not available (load it: kldload pf, and enable it in rc.conf with pf_enable=YES)"));
    }

    @Override
    public Firewall create(ProviderContext context) {
        return new PfBackend(context);
    }
}
