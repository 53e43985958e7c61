module dev.xc.engine {
    requires transitive dev.xc.api;
}
