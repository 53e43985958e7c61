/**
 * The dtrace backend: per-container tracing with dwatch(1) and USDT probes.
 */
module dev.xc.dtrace {
    requires transitive dev.xc.api;
    requires dev.xc.host;
    requires static org.jspecify;

    exports dev.xc.dtrace;

    provides dev.xc.api.spi.TracingProvider with dev.xc.dtrace.DtraceProvider;
}
