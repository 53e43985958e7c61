/**
 * {@code xcd}: the engine served as JSON over HTTP on a UNIX socket, with peer-credential checks.
 */
module dev.xc.server {
    requires transitive dev.xc.api;
    requires dev.xc.engine;
    requires static org.jspecify;
}
