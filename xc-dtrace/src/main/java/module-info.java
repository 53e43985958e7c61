module dev.xc.dtrace {
    requires transitive dev.xc.api;
}
