package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DurationsTest {

    @Property(tries = 1000)
    void roundTrip(@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long millis) {
        Duration d = Duration.ofMillis(millis);
        assertEquals(d, Durations.parse(Durations.format(d)));
    }

    @Test
    void examples() {
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("1m30s"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofHours(2).plusSeconds(5), Durations.parse("2h0m5s"));
        assertEquals(Duration.ZERO, Durations.parse("0s"));
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("1h1ms", Durations.format(Duration.ofHours(1).plusMillis(1)));
        assertEquals("1m30s", Durations.format(Durations.parse("90s")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "30; '30' is not a number followed by h, m, s or ms",
            "1.5s; '1.5s'",
            "-5s; '-5s'",
            "30s1m; unit 'm' repeated or out of order",
            "1s1s; unit 's' repeated or out of order",
            "5d; '5d'",
            "1m 30s; ' 30s'",
            "9999999999999999999h; '9999999999999999999h'",
    })
    void malformedIsRejected(String text, String why) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> Durations.parse(text), "'" + text + "'", why);
    }

    @Test
    void emptyAndNegativeAreRejected() {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> Durations.parse(""), "empty");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> Durations.format(Duration.ofSeconds(-1)), "PT-1S");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> Durations.format(Duration.ofNanos(1)), "PT0.000000001S");
    }

    @Test
    void healthCheckDefaultsAndValidation() {
        HealthCheck h = HealthCheck.of(List.of("/bin/true"));
        assertEquals(Duration.ofSeconds(30), h.interval());
        assertEquals(3, h.retries());
        assertEquals(Duration.ofSeconds(5), h.withInterval(Duration.ofSeconds(5)).interval());
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> HealthCheck.of(List.of()), "the command is empty");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> h.withRetries(0), "retries 0");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> h.withInterval(Duration.ZERO), "interval is zero");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> h.withTimeout(Duration.ofSeconds(-1)), "timeout");
    }

    @Test
    void stopAndLogOptions() {
        assertEquals(Duration.ofSeconds(10), StopOptions.stop().grace());
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> new StopOptions(Duration.ofSeconds(-1), true), "grace");
        assertRejected(ErrorCode.INVALID_ARGUMENT,
                () -> new LogOptions(false, java.util.Optional.of(-1), true, true), "--tail -1");
        assertRejected(ErrorCode.INVALID_ARGUMENT,
                () -> new LogOptions(false, java.util.Optional.empty(), false, false), "neither stdout nor stderr");
        assertEquals(ContainerState.RUNNING, ContainerState.parse("running"));
        assertEquals("unless-stopped", RestartPolicy.Kind.UNLESS_STOPPED.id());
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> ContainerState.parse("Running"), "'Running'");
    }
}
