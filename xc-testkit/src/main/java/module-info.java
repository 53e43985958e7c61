module dev.xc.testkit {
    requires transitive dev.xc.api;
}
