module dev.xc.client {
    requires transitive dev.xc.api;
}
