package dev.xc.api.spi;

/**
 * Finds and creates the jail runtime backend ({@link JailRuntime}); for example {@code "freebsd-jail"}. Modules declare
 * {@code provides dev.xc.api.spi.JailRuntimeProvider with ...}.
 */
public interface JailRuntimeProvider extends Provider<JailRuntime> {
}
