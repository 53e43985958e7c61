package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestartPolicyTest {

    @Provide
    Arbitrary<RestartPolicy> policies() {
        return Arbitraries.of(RestartPolicy.Kind.class).flatMap(k -> k == RestartPolicy.Kind.ON_FAILURE
                ? Arbitraries.integers().between(0, 999_999_999).map(n -> new RestartPolicy(k, n))
                : Arbitraries.just(RestartPolicy.of(k)));
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("policies") RestartPolicy p) {
        assertEquals(p, RestartPolicy.parse(p.toString()));
    }

    @Test
    void examples() {
        assertEquals(RestartPolicy.no(), RestartPolicy.parse("no"));
        assertEquals(RestartPolicy.of(RestartPolicy.Kind.ON_FAILURE), RestartPolicy.parse("on-failure"));
        assertEquals(new RestartPolicy(RestartPolicy.Kind.ON_FAILURE, 3), RestartPolicy.parse("on-failure:3"));
        assertEquals(RestartPolicy.of(RestartPolicy.Kind.ALWAYS), RestartPolicy.parse("always"));
        assertEquals(RestartPolicy.of(RestartPolicy.Kind.UNLESS_STOPPED), RestartPolicy.parse("unless-stopped"));
        assertEquals("on-failure:3", RestartPolicy.parse("on-failure:3").toString());
        RestartPolicy p = RestartPolicy.parse("on-failure:2");
        assertTrue(p.shouldRestart(1, 1));
        assertFalse(p.shouldRestart(1, 2));
        assertFalse(p.shouldRestart(0, 0));
        assertFalse(RestartPolicy.no().shouldRestart(1, 0));
        assertTrue(RestartPolicy.parse("always").shouldRestart(0, 100));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "never; unknown policy 'never'",
            "; unknown policy ''",
            "On-Failure; unknown policy 'On-Failure'",
            "always:3; only on-failure takes a retry limit",
            "on-failure:; retry limit '' is not a whole number",
            "on-failure:-1; retry limit '-1'",
            "on-failure:x; retry limit 'x'",
            "on-failure:3:4; retry limit '3:4'",
    })
    void malformedIsRejected(String text, String why) {
        String t = text == null ? "" : text;
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> RestartPolicy.parse(t), "'" + t + "'", why);
    }

    @Test
    void retryLimitOnlyForOnFailure() {
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> new RestartPolicy(RestartPolicy.Kind.ALWAYS, 2),
                "applies to on-failure only");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> new RestartPolicy(RestartPolicy.Kind.ON_FAILURE, -2),
                "-2");
    }
}
