/**
 * The simulated FreeBSD host and test fixtures.
 */
module dev.xc.testkit {
    requires transitive dev.xc.api;
    requires dev.xc.host;
    requires static org.jspecify;
    requires jdk.httpserver;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    requires org.bouncycastle.provider;

    exports dev.xc.testkit;

    provides dev.xc.api.spi.HostProvider with dev.xc.testkit.SimulatedHostProvider;

    exports dev.xc.testkit.devfs;
    exports dev.xc.testkit.registry;
    exports dev.xc.testkit.kernel;
    exports dev.xc.testkit.tools;
    exports dev.xc.testkit.ipfw;
    exports dev.xc.testkit.pf;
    exports dev.xc.testkit.zfs;
    exports dev.xc.testkit.image;
}
