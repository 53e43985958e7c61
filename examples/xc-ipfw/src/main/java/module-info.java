module dev.xc.example.ipfw {
    requires transitive dev.xc.api;
}
