/**
 * Images: the OCI and xc image model, the content-addressed blob store, the layer codec (safe unpack, deterministic
 * creation) and the SQLite image store.
 */
module dev.xc.image {
    requires transitive dev.xc.api;
    requires dev.xc.host;
    requires transitive com.fasterxml.jackson.databind;
    requires org.apache.commons.compress;
    requires com.github.luben.zstd_jni;
    requires java.sql;
    requires com.zaxxer.hikari;
    requires org.xerial.sqlitejdbc;
    requires static org.jspecify;

    exports dev.xc.image;
}
