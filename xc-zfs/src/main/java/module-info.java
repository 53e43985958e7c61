module dev.xc.zfs {
    requires transitive dev.xc.api;
}
