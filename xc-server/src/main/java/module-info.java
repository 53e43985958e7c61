module dev.xc.server {
    requires transitive dev.xc.api;
}
