package dev.xc.net.pf;

import dev.xc.api.spi.Firewall;
import dev.xc.api.spi.FirewallProvider;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.HostInfo;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Support;
import dev.xc.net.pf.internal.PfBackend;

/**
 * The {@code "pf"} provider: pf tables xc:network:NAME and port redirects in the xc-rdr anchor.
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
        if (!info.isFreeBsd()) {
            return Support.no("needs a FreeBSD kernel; this host runs " + info.osName() + " " + info.release());
        }
        if (!info.pf()) {
            return Support.no("pf is not available (load it: kldload pf, and enable it in rc.conf with pf_enable=YES)");
        }
        return Support.yes();
    }

    @Override
    public Firewall create(ProviderContext context) {
        return new PfBackend(context);
    }
}
