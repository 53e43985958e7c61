package dev.xc.api;

import java.util.Locale;

/**
 * Stable error codes. The {@link #id()} text is API: scripts match it in {@code --json} output and the daemon sends it
 * over the wire, so a code is never renamed once released; new codes are added at the end of their category.
 */
public enum ErrorCode {
    // invalid input: the request itself is wrong; nothing was changed
    INVALID_ARGUMENT(Category.INVALID),
    INVALID_REFERENCE(Category.INVALID),
    INVALID_DIGEST(Category.INVALID),
    INVALID_PLATFORM(Category.INVALID),
    INVALID_SYNTAX(Category.INVALID),
    INVALID_CONFIG(Category.INVALID),
    INVALID_IMAGE_CONFIG(Category.INVALID),
    INVALID_NAME(Category.INVALID),

    // something named does not exist
    IMAGE_NOT_FOUND(Category.NOT_FOUND),
    CONTAINER_NOT_FOUND(Category.NOT_FOUND),
    NETWORK_NOT_FOUND(Category.NOT_FOUND),
    VOLUME_NOT_FOUND(Category.NOT_FOUND),
    BLOB_NOT_FOUND(Category.NOT_FOUND),
    INTERFACE_NOT_FOUND(Category.NOT_FOUND),
    DATASET_NOT_FOUND(Category.NOT_FOUND),

    // the request collides with existing state
    NAME_IN_USE(Category.CONFLICT),
    ADDRESS_IN_USE(Category.CONFLICT),
    PORT_IN_USE(Category.CONFLICT),
    ADDRESS_POOL_EXHAUSTED(Category.CONFLICT),
    RESOURCE_BUSY(Category.CONFLICT),
    DATASET_IN_USE(Category.CONFLICT),

    // the request is valid but the run cannot start: pre-instantiation checks
    MISSING_ENV(Category.PRECONDITION),
    MISSING_VOLUME(Category.PRECONDITION),
    SANITY_CHECK_FAILED(Category.PRECONDITION),
    APPROVAL_REQUIRED(Category.PRECONDITION),
    PERMISSION_DENIED(Category.PRECONDITION),

    // content did not match what was promised
    DIGEST_MISMATCH(Category.INTEGRITY),
    UNSAFE_LAYER(Category.INTEGRITY),
    MALFORMED_CONTENT(Category.INTEGRITY),

    // the host or a backend failed or lacks a feature
    COMMAND_FAILED(Category.HOST),
    SYSCALL_FAILED(Category.HOST),
    HOST_UNSUPPORTED(Category.HOST),
    NO_PROVIDER(Category.HOST),
    IO_ERROR(Category.HOST),
    TIMEOUT(Category.HOST),

    // a remote party failed: registry or daemon
    REGISTRY_ERROR(Category.REMOTE),
    REGISTRY_UNAUTHORIZED(Category.REMOTE),
    REGISTRY_UNREACHABLE(Category.REMOTE),
    DAEMON_UNREACHABLE(Category.REMOTE),
    PLATFORM_NOT_AVAILABLE(Category.REMOTE),
    REGISTRY_DENIED(Category.REMOTE),
    REGISTRY_RATE_LIMITED(Category.REMOTE),

    // a feature that is modelled but not provided by the chosen backend
    NOT_IMPLEMENTED(Category.UNSUPPORTED),
    INTERNAL(Category.UNSUPPORTED);

    /** Coarse classes of failure; each maps to one exception type and one CLI exit code. */
    public enum Category {
        INVALID(2), NOT_FOUND(3), CONFLICT(4), PRECONDITION(5), INTEGRITY(6), HOST(7), REMOTE(8), UNSUPPORTED(9);

        private final int exitCode;

        Category(int exitCode) {
            this.exitCode = exitCode;
        }

        /** The exit status {@code xc} uses for errors of this category. */
        public int exitCode() {
            return exitCode;
        }
    }

    private final Category category;

    ErrorCode(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }

    /** The stable wire form, for example {@code invalid-reference}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The code whose {@link #id()} is {@code id}, for decoding errors sent by the daemon. */
    public static ErrorCode fromId(String id) {
        for (ErrorCode c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return INTERNAL;
    }
}
