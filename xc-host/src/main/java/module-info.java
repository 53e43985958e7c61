module dev.xc.host {
    requires transitive dev.xc.api;
}
