package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A command the engine runs inside the container to tell whether it is healthy. The command runs every
 * {@code interval}; a run that exits non-zero or takes longer than {@code timeout} is a failure; after
 * {@code retries} failures in a row the container is unhealthy. Failures during {@code startPeriod} after the start
 * do not count.
 *
 * <p>Rules: the command is not empty and no argument contains NUL; interval and timeout are positive, whole
 * milliseconds (runs never overlap: the next one starts after the previous one ended); retries is at least 1; the
 * start period is zero or positive. {@link #of} gives the defaults: every 30s, 30s timeout, 3 retries, no start period. Durations are written
 * as {@link Durations} reads them.
 *
 * @param command argv of the check, run inside the container
 * @param interval time between runs
 * @param timeout time a run may take
 * @param retries consecutive failures before the container is unhealthy
 * @param startPeriod grace time after the start
 */
public record HealthCheck(List<String> command, Duration interval, Duration timeout, int retries,
                          Duration startPeriod) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_RETRIES = 3;

    public HealthCheck {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw bad("the command is empty", "give the command to run, e.g. [\"/usr/local/bin/curl\", \"-f\", "
                    + "\"http://localhost/\"]");
        }
        for (String a : command) {
            if (Syntax.hasNul(a)) {
                throw bad("an argument contains NUL", "remove the NUL character");
            }
        }
        Durations.requireMillis(interval, "health check interval");
        Durations.requireMillis(timeout, "health check timeout");
        Durations.requireMillis(startPeriod, "health check start period");
        if (interval.isZero()) {
            throw bad("the interval is zero", "use a positive interval, e.g. 30s");
        }
        if (timeout.isZero()) {
            throw bad("the timeout is zero", "use a positive timeout, e.g. 10s");
        }
        if (retries < 1) {
            throw bad("retries " + retries + " is below 1", "use 1 or more");
        }
    }

    /** A check with the default timing. */
    public static HealthCheck of(List<String> command) {
        return new HealthCheck(command, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_RETRIES, Duration.ZERO);
    }

    public HealthCheck withInterval(Duration d) {
        return new HealthCheck(command, d, timeout, retries, startPeriod);
    }

    public HealthCheck withTimeout(Duration d) {
        return new HealthCheck(command, interval, d, retries, startPeriod);
    }

    public HealthCheck withRetries(int n) {
        return new HealthCheck(command, interval, timeout, n, startPeriod);
    }

    public HealthCheck withStartPeriod(Duration d) {
        return new HealthCheck(command, interval, timeout, retries, d);
    }

    private static XcException bad(String why, String hint) {
        return XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid health check: " + why, hint);
    }
}
