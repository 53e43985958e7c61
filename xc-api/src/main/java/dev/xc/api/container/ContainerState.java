package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Locale;

/**
 * The life stages of a container: {@code created} (jail and root exist, nothing runs yet), {@code starting}
 * (init processes run), {@code running} (main runs), {@code stopping} (deinit runs or processes are being
 * killed), {@code exited} (main ended; the jail is gone or kept with {@code --no-clean}), {@code faulted} (setup or
 * the main spawn failed; {@link ContainerInfo#fault()} says why) and {@code removing} (teardown in progress).
 */
public enum ContainerState {
    CREATED, STARTING, RUNNING, STOPPING, EXITED, FAULTED, REMOVING;

    /** The lower-case wire and display form, e.g. {@code running}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether processes may be running in the jail. */
    public boolean isActive() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }

    /** Parses the {@link #id()} form. */
    public static ContainerState parse(String text) {
        for (ContainerState s : values()) {
            if (s.id().equals(text)) {
                return s;
            }
        }
        throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "unknown container state '" + text + "'",
                "use created, starting, running, stopping, exited, faulted or removing");
    }
}
