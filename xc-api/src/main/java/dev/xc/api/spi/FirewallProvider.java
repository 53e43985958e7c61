package dev.xc.api.spi;

/**
 * Finds and creates the firewall backend ({@link Firewall}); for example {@code "pf"}. Modules declare
 * {@code provides dev.xc.api.spi.FirewallProvider with ...}.
 */
public interface FirewallProvider extends Provider<Firewall> {
}
