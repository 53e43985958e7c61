module dev.xc.image {
    requires transitive dev.xc.api;
}
