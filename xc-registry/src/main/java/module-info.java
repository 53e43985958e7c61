/**
 * The OCI Distribution client of xc: pull, push, authentication, credentials. Exports only {@code dev.xc.registry}.
 */
module dev.xc.registry {
    requires transitive dev.xc.api;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.core5.httpcore5;
    requires com.fasterxml.jackson.databind;
    // HttpClient 5 is an automatic module and cannot say it needs jdk.net (jdk.net.Sockets, for TCP keep-alive
    // options); without this line the module path would not resolve it and the first connection would fail.
    requires jdk.net;
    requires static org.jspecify;

    exports dev.xc.registry;
}
