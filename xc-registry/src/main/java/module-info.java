/**
 * The OCI Distribution client of xc: pull, push, authentication, credentials. Exports only {@code dev.xc.registry}.
 */
module dev.xc.registry {
    requires transitive dev.xc.api;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.core5.httpcore5;
    requires com.fasterxml.jackson.databind;
    requires static org.jspecify;

    exports dev.xc.registry;
}
