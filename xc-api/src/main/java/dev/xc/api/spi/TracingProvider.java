package dev.xc.api.spi;

/**
 * Finds and creates the tracing backend ({@link Tracer}); for example {@code "dtrace"}. Modules declare
 * {@code provides dev.xc.api.spi.TracingProvider with ...}.
 */
public interface TracingProvider extends Provider<Tracer> {
}
