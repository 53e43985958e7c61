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

    /**
     * The addresses the network's table holds now, as the firewall lists them (sorted); empty when the table does not
     * exist. For reconciling after a crash: compare with the addresses allocated in the database. Does not change
     * anything.
     *
     * @throws dev.xc.api.XcException {@code NOT_IMPLEMENTED} when the backend cannot list its tables
     */
    default List<String> addresses(String network) {
        throw NotImplemented.of("firewall", "list the addresses of network " + network);
    }

    /**
     * The firewall's own rule text for {@code rules}, one line each, in the order {@link #replaceRedirects} would load
     * them, without changing anything: what {@code xc rdr list} shows and {@code --dry-run} prints, and a check at
     * plan time that each redirect can be expressed (it throws what {@link #replaceRedirects} would throw before
     * touching the host).
     *
     * @throws dev.xc.api.XcException {@code INVALID_ARGUMENT} naming the redirect that cannot be written;
     *         {@code NOT_IMPLEMENTED} when the backend cannot show its rules
     */
    default List<String> renderRedirects(List<PortRedirect> rules) {
        throw NotImplemented.of("firewall", "show the rules of port redirects");
    }

    /** The lines an administrator adds to the firewall's configuration for xc to work, for {@code xc info}. */
    String setupInstructions();
}
