module dev.xc.net.pf {
    requires transitive dev.xc.api;
}
