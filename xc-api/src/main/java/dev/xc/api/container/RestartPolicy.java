package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import org.jspecify.annotations.Nullable;

import java.util.Locale;
import java.util.Objects;

/**
 * When the engine restarts a container whose main process exited: {@code no}, {@code on-failure[:MAX]},
 * {@code always} or {@code unless-stopped} (the Docker spellings). {@code MAX} limits the restarts after failures;
 * 0 (or no {@code :MAX}) means no limit. A container stopped by {@code xc stop}/{@code xc kill} is never restarted;
 * {@code unless-stopped} differs from {@code always} after a daemon restart, when a container that had been stopped
 * stays stopped.
 *
 * @param kind the policy
 * @param maxRetries the restart limit for {@link Kind#ON_FAILURE}, 0 = unlimited; always 0 for other kinds
 */
public record RestartPolicy(Kind kind, int maxRetries) {

    /** The policies. */
    public enum Kind {
        NO, ON_FAILURE, ALWAYS, UNLESS_STOPPED;

        /** {@code no}, {@code on-failure}, {@code always}, {@code unless-stopped}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final String SYNTAX = "write no, on-failure, on-failure:MAX, always or unless-stopped";

    public RestartPolicy {
        Objects.requireNonNull(kind, "kind");
        if (maxRetries < 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid restart policy: maximum retries "
                    + maxRetries + " is negative", "use 0 for no limit or a positive number");
        }
        if (maxRetries > 0 && kind != Kind.ON_FAILURE) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid restart policy: a retry limit ("
                    + maxRetries + ") applies to on-failure only, not " + kind.id(), SYNTAX);
        }
    }

    /** {@code no}: never restart (the default). */
    public static RestartPolicy no() {
        return new RestartPolicy(Kind.NO, 0);
    }

    /** A policy without a retry limit. */
    public static RestartPolicy of(Kind kind) {
        return new RestartPolicy(kind, 0);
    }

    /** Parses the syntax described on the class. */
    public static RestartPolicy parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        String k = colon < 0 ? text : text.substring(0, colon);
        @Nullable Kind kind = null;
        for (Kind c : Kind.values()) {
            if (c.id().equals(k)) {
                kind = c;
            }
        }
        if (kind == null) {
            throw bad(text, "unknown policy '" + k + "'");
        }
        if (colon < 0) {
            return of(kind);
        }
        if (kind != Kind.ON_FAILURE) {
            throw bad(text, "only on-failure takes a retry limit");
        }
        String n = text.substring(colon + 1);
        if (n.isEmpty() || n.length() > 9 || !n.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw bad(text, "retry limit '" + n + "' is not a whole number");
        }
        return new RestartPolicy(kind, Integer.parseInt(n));
    }

    /** Whether to restart after an exit with {@code exitCode}, having restarted {@code restarts} times already. */
    public boolean shouldRestart(int exitCode, int restarts) {
        return switch (kind) {
            case NO -> false;
            case ALWAYS, UNLESS_STOPPED -> true;
            case ON_FAILURE -> exitCode != 0 && (maxRetries == 0 || restarts < maxRetries);
        };
    }

    @Override
    public String toString() {
        return maxRetries > 0 ? kind.id() + ":" + maxRetries : kind.id();
    }

    private static XcException bad(String text, String why) {
        return XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid restart policy '" + text + "': " + why, SYNTAX);
    }
}
