/**
 * The xc engine: composition of backends, configuration, state.
 */
module dev.xc.engine {
    requires transitive dev.xc.api;
    requires dev.xc.host;
    requires dev.xc.image;
    requires dev.xc.registry;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires com.zaxxer.hikari;
    requires static org.jspecify;

    exports dev.xc.engine;

    uses dev.xc.api.spi.StorageProvider;
    uses dev.xc.api.spi.JailRuntimeProvider;
    uses dev.xc.api.spi.FirewallProvider;
    uses dev.xc.api.spi.DevfsProvider;
    uses dev.xc.api.spi.TracingProvider;
    uses dev.xc.api.spi.HostProvider;

    provides dev.xc.api.EngineFactory with dev.xc.engine.EmbeddedEngineFactory;
    provides dev.xc.api.spi.StorageProvider with dev.xc.engine.storage.DirectoryStorageProvider;
}
