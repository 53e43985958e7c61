package dev.xc.api.spi;

/**
 * Finds and creates the storage backend ({@link Storage}); for example {@code "zfs or directory"}. Modules declare
 * {@code provides dev.xc.api.spi.StorageProvider with ...}.
 */
public interface StorageProvider extends Provider<Storage> {
}
