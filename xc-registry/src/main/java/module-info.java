module dev.xc.registry {
    requires transitive dev.xc.api;
}
