package dev.xc.net.pf.internal;

import dev.xc.api.net.PortRedirect;
import dev.xc.api.spi.Firewall;
import dev.xc.api.spi.NotImplemented;
import dev.xc.api.spi.ProviderContext;

import java.util.List;

/** The pf firewall. Its pfctl(8) commands are not wired yet: changes say so; the pf.conf lines are known. */
public final class PfBackend implements Firewall {

    private static final String NAME = "pf";

    public PfBackend(ProviderContext context) {
        // pfctl path and anchor name come from context settings once the commands are wired
    }

    @Override
    public void addAddresses(String network, List<String> addresses) {
        throw NotImplemented.of(NAME, "add addresses to table xc:network:" + network);
    }

    @Override
    public void removeAddresses(String network, List<String> addresses) {
        throw NotImplemented.of(NAME, "remove addresses from table xc:network:" + network);
    }

    @Override
    public void replaceRedirects(List<PortRedirect> rules) {
        throw NotImplemented.of(NAME, "load the xc-rdr anchor");
    }

    @Override
    public String setupInstructions() {
        return """
                # /etc/pf.conf: let containers reach out, and let xc publish ports
                nat on $ext_if from <xc:network:default> to any -> ($ext_if)
                rdr-anchor xc-rdr""";
    }
}
