package dev.xc.api.spi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

/**
 * Space of one layer chain, container root or volume, for {@code xc images} and {@code xc ps}. For ZFS these are the
 * dataset's {@code used}, {@code referenced} and {@code available} properties (exact bytes from {@code -p}); for the
 * directory backend the sum of file sizes and the file store's usable space.
 *
 * @param usedBytes space the object itself consumes (for a ZFS clone: only what differs from its origin)
 * @param referencedBytes space of all data the object can see, shared or not
 * @param availableBytes space still available to it
 */
public record StorageUsage(long usedBytes, long referencedBytes, long availableBytes) {

    public StorageUsage {
        if (usedBytes < 0 || referencedBytes < 0 || availableBytes < 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "storage usage cannot be negative: used " + usedBytes + ", referenced " + referencedBytes
                            + ", available " + availableBytes,
                    "report sizes in bytes, zero or more");
        }
    }
}
