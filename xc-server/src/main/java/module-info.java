/**
 * {@code xcd}: the engine served as JSON over HTTP on a UNIX socket, with peer-credential checks.
 */
module dev.xc.server {
    requires transitive dev.xc.api;
    requires dev.xc.engine;
    requires dev.xc.host;
    requires dev.xc.client;
    requires com.fasterxml.jackson.databind;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.unixdomain.server;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.util;
    requires jdk.net;
    requires static org.jspecify;

    exports dev.xc.server;
}
