package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Objects;

/**
 * How a jail sees System V IPC objects of one kind (messages, shared memory, semaphores), as the jail parameters
 * {@code sysvmsg}, {@code sysvshm} and {@code sysvsem} take it: its own namespace ({@link #NEW}), the host's
 * ({@link #INHERIT}) or none ({@link #DISABLE}, the default).
 */
public enum SysvMode {
    NEW, INHERIT, DISABLE;

    /** {@code new}, {@code inherit} or {@code disable}: the image config and jail parameter spelling. */
    public String id() {
        return switch (this) {
            case NEW -> "new";
            case INHERIT -> "inherit";
            case DISABLE -> "disable";
        };
    }

    /** Parses {@code new}, {@code inherit} or {@code disable}. @throws XcException {@link ErrorCode#INVALID_SYNTAX} */
    public static SysvMode parse(String text) {
        Objects.requireNonNull(text, "text");
        for (SysvMode m : values()) {
            if (m.id().equals(text)) {
                return m;
            }
        }
        throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid System V IPC mode '" + text + "'",
                "use new, inherit or disable");
    }

    @Override
    public String toString() {
        return id();
    }
}
