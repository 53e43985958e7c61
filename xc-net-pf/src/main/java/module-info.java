/**
 * The pf backend: pf tables xc:network:NAME and port redirects in the xc-rdr anchor.
 */
module dev.xc.net.pf {
    requires transitive dev.xc.api;
    requires dev.xc.host;
    requires static org.jspecify;

    exports dev.xc.net.pf;

    provides dev.xc.api.spi.FirewallProvider with dev.xc.net.pf.PfProvider;
}
