/**
 * The remote engine: {@code Engine} implemented over {@code xcd}'s socket, for programs that are not root.
 */
@SuppressWarnings("module")
module dev.xc.client {
    requires transitive dev.xc.api;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires org.eclipse.jetty.client;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires org.eclipse.jetty.http;
    requires static org.jspecify;

    exports dev.xc.client;
    // the wire format is shared with the daemon and the command line's --json, nobody else
    exports dev.xc.client.wire to dev.xc.server, dev.xc.cli;
    opens dev.xc.client.wire to com.fasterxml.jackson.databind;

    provides dev.xc.api.EngineFactory with dev.xc.client.RemoteEngineFactory;
}
