module dev.xc.jail {
    requires transitive dev.xc.api;
}
