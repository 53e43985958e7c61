package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JailParamTest {

    @Provide
    Arbitrary<JailParam> params() {
        Arbitrary<String> key = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofLength(1),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('_', '.')
                        .ofMaxLength(20)).as((a, b) -> a + b);
        Arbitrary<String> value = Arbitraries.strings().all().ofMaxLength(20).filter(s -> s.indexOf(0) < 0);
        return Combinators.combine(key, value).as(JailParam::new);
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("params") JailParam p) {
        assertEquals(p, JailParam.parse(p.toString()));
    }

    @Provide
    Arbitrary<String> badKeys() {
        return Arbitraries.strings().withChars("ABZ0-9 _.-:/").ofMinLength(1).ofMaxLength(8)
                .filter(s -> !(s.charAt(0) >= 'a' && s.charAt(0) <= 'z'));
    }

    @Property(tries = 1000)
    void badKeysAreRejected(@ForAll("badKeys") String key) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> JailParam.parse(key + "=1"), "'" + key + "=1'",
                "'" + key + "' is not a parameter name");
    }

    @Test
    void examplesAndReservedParameters() {
        assertEquals(new JailParam("allow.raw_sockets", "1"), JailParam.parse("allow.raw_sockets=1"));
        assertEquals(new JailParam("host.domainname", ""), JailParam.parse("host.domainname="));
        assertFalse(JailParam.parse("securelevel=3").isReserved());
        JailParam path = JailParam.parse("path=/tmp");
        assertTrue(path.isReserved());
        assertTrue(JailParam.parse("vnet=new").isReserved());
        assertEquals(Optional.of("use --hostname"), JailParam.parse("host.hostname=x").reservedHint());
        assertEquals(Optional.empty(), JailParam.parse("allow.mount=1").reservedHint());
    }

    @ParameterizedTest
    @ValueSource(strings = {"allow.raw_sockets", "persist", ""})
    void missingEqualsIsRejectedNotDropped(String text) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> JailParam.parse(text), "'" + text + "'", "a value is needed");
    }
}
