package dev.xc.api.spi;

/**
 * Finds and creates the devfs backend ({@link DevfsManager}); for example {@code "devfs"}. Modules declare
 * {@code provides dev.xc.api.spi.DevfsProvider with ...}.
 */
public interface DevfsProvider extends Provider<DevfsManager> {
}
