package dev.xc.api.container;

import java.time.Duration;

/**
 * How {@code xc stop} and {@code xc kill} end a container: {@code runDeinit} runs the image's deinit processes first
 * (the original skipped them on kill), then processes get SIGTERM and, after {@code grace}, SIGKILL. A zero grace
 * with {@code runDeinit} false is {@code xc kill}.
 *
 * @param grace time between SIGTERM and SIGKILL, whole milliseconds
 * @param runDeinit whether to run deinit processes first
 */
public record StopOptions(Duration grace, boolean runDeinit) {

    /** The default grace period of {@code xc stop}. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    public StopOptions {
        Durations.requireMillis(grace, "stop grace period");
    }

    /** {@code xc stop}: deinit, SIGTERM, SIGKILL after 10 seconds. */
    public static StopOptions stop() {
        return new StopOptions(DEFAULT_GRACE, true);
    }

    /** {@code xc kill}: SIGKILL at once, no deinit. */
    public static StopOptions kill() {
        return new StopOptions(Duration.ZERO, false);
    }
}
