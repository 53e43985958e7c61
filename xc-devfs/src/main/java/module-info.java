module dev.xc.devfs {
    requires transitive dev.xc.api;
}
