/**
 * An ipfw firewall backend for xc, built only against {@code dev.xc.api}: proof that a third party can add a backend
 * by putting a jar on the module path and naming it in {@code xc.conf} ({@code firewall: ipfw}).
 */
module dev.xc.example.ipfw {
    requires transitive dev.xc.api;
    requires static org.jspecify;

    exports dev.xc.example.ipfw;

    provides dev.xc.api.spi.FirewallProvider with dev.xc.example.ipfw.IpfwFirewallProvider;
}
