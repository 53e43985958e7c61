/**
 * The simulated FreeBSD host and test fixtures.
 */
module dev.xc.testkit {
    requires transitive dev.xc.api;
    requires dev.xc.host;
    requires static org.jspecify;

    exports dev.xc.testkit;
    exports dev.xc.testkit.image;
}
