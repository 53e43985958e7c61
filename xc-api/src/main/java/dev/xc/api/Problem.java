package dev.xc.api;

import java.util.Objects;

/**
 * One thing wrong with a request: what it is ({@code code}), what was found ({@code message}) and how to fix it
 * ({@code hint}, empty when there is nothing more to say). Checks collect problems so that a user sees all of them at
 * once, not one per attempt.
 */
public record Problem(ErrorCode code, String message, String hint) {
    public Problem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
        if (message.isBlank()) {
            throw new IllegalArgumentException("a problem needs a message");
        }
    }

    public static Problem of(ErrorCode code, String message, String hint) {
        return new Problem(code, message, hint);
    }

    @Override
    public String toString() {
        return hint.isEmpty() ? message : message + " (" + hint + ")";
    }
}
