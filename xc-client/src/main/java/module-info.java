/**
 * The remote engine: {@code Engine} implemented over {@code xcd}'s socket.
 */
module dev.xc.client {
    requires transitive dev.xc.api;
    requires com.fasterxml.jackson.databind;
    requires static org.jspecify;

    exports dev.xc.client;

    provides dev.xc.api.EngineFactory with dev.xc.client.RemoteEngineFactory;
}
