module dev.xc.cli {
    requires transitive dev.xc.api;
}
