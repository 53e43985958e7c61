package dev.xc.registry;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a request is repeated after a connection error, a {@code 429} or a {@code 5xx}.
 * The wait doubles from {@code initialBackoff} up to {@code maxBackoff}, with jitter; a {@code Retry-After} header
 * replaces it when it asks for at most {@code maxRetryAfter} (a longer demand fails at once, naming the wait).
 * An interrupted download resumes with {@code Range} and counts as one attempt.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxAttempts < 1) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "retry policy maxAttempts is " + maxAttempts,
                    "use 1 for no retries, or more");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || maxRetryAfter.isNegative()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "retry policy backoff " + initialBackoff + ".." + maxBackoff + " is not an increasing range",
                    "use e.g. initialBackoff=PT0.2S, maxBackoff=PT5S");
        }
    }

    /** Four attempts, 200 ms doubling to 5 s, {@code Retry-After} honoured up to 60 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    /** One attempt only. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** The wait before attempt {@code attempt + 1}, without jitter. */
    public Duration backoff(int attempt) {
        long ms = initialBackoff.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
