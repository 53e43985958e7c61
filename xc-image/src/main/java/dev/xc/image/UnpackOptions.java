package dev.xc.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

/**
 * How {@link LayerUnpacker} treats what a layer asks for.
 *
 * @param devices            what to do with character and block device entries
 * @param maxEntries         the most entries one layer may hold (a tar bomb of empty files is refused)
 * @param maxBytes           the most bytes one layer may expand to, counted on the uncompressed tar stream
 * @param applyWhiteouts     whether {@code .wh.NAME} and {@code .wh..wh..opq} entries delete what lower layers left
 *                           ({@code true} for image layers); when false they are written as ordinary empty files
 * @param preserveOwnership  whether uid and gid are applied ({@code lchown}); needs root, so the default is true
 *                           only when running as root, and {@link UnpackResult#ownershipApplied()} records it
 * @param restoreXattrs      whether PAX {@code SCHILY.xattr.*} records are applied
 */
public record UnpackOptions(DevicePolicy devices, long maxEntries, long maxBytes, boolean applyWhiteouts,
                            boolean preserveOwnership, boolean restoreXattrs) {

    /** Device nodes: created as the image says (for a backend that allows them), skipped, or refused. */
    public enum DevicePolicy { CREATE, SKIP, REJECT }

    /** One million entries. */
    public static final long DEFAULT_MAX_ENTRIES = 1_000_000;
    /** 64 GiB. */
    public static final long DEFAULT_MAX_BYTES = 64L << 30;

    public UnpackOptions {
        java.util.Objects.requireNonNull(devices, "devices");
        if (maxEntries < 1) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid maxEntries " + maxEntries
                    + ": must be at least 1", "pass a positive limit, e.g. " + DEFAULT_MAX_ENTRIES);
        }
        if (maxBytes < 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid maxBytes " + maxBytes
                    + ": must not be negative", "pass a limit in bytes, e.g. " + DEFAULT_MAX_BYTES);
        }
    }

    /** Devices refused, default limits, whiteouts applied, ownership applied when root, xattrs restored. */
    public static UnpackOptions defaults() {
        return new UnpackOptions(DevicePolicy.REJECT, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES, true,
                "root".equals(System.getProperty("user.name")), true);
    }

    public UnpackOptions withDevices(DevicePolicy policy) {
        return new UnpackOptions(policy, maxEntries, maxBytes, applyWhiteouts, preserveOwnership, restoreXattrs);
    }

    public UnpackOptions withMaxEntries(long n) {
        return new UnpackOptions(devices, n, maxBytes, applyWhiteouts, preserveOwnership, restoreXattrs);
    }

    public UnpackOptions withMaxBytes(long n) {
        return new UnpackOptions(devices, maxEntries, n, applyWhiteouts, preserveOwnership, restoreXattrs);
    }

    public UnpackOptions withApplyWhiteouts(boolean b) {
        return new UnpackOptions(devices, maxEntries, maxBytes, b, preserveOwnership, restoreXattrs);
    }

    public UnpackOptions withPreserveOwnership(boolean b) {
        return new UnpackOptions(devices, maxEntries, maxBytes, applyWhiteouts, b, restoreXattrs);
    }

    public UnpackOptions withRestoreXattrs(boolean b) {
        return new UnpackOptions(devices, maxEntries, maxBytes, applyWhiteouts, preserveOwnership, b);
    }
}
