package dev.xc.api.spi;

import dev.xc.api.net.PortRedirect;

import java.util.List;

/**
 * Keeps the firewall in step with containers: one address table per network ({@code xc:network:NAME} for pf) and the
 * set of port redirects (pf's {@code xc-rdr} anchor). Implementations are thread-safe.
 */
public interface Firewall {

    /** Adds container addresses to the network's table. Idempotent. */
    void addAddresses(String network, List<String> addresses);

    /** Removes container addresses from the network's table. Idempotent. */
    void removeAddresses(String network, List<String> addresses);

    /** Replaces every redirect with {@code rules}, atomically. */
    void replaceRedirects(List<PortRedirect> rules);

    /** The lines an administrator adds to the firewall's configuration for xc to work, for {@code xc info}. */
    String setupInstructions();
}
