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

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EnvAssignmentTest {

    static Arbitrary<String> envNames() {
        return Combinators.combine(
                Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').withChars('_').ofLength(1),
                Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').withChars('_').ofMaxLength(12))
                .as((a, b) -> a + b);
    }

    @Provide
    Arbitrary<EnvAssignment> assignments() {
        Arbitrary<String> values = Arbitraries.strings().all().ofMaxLength(30).filter(s -> s.indexOf(0) < 0);
        return Combinators.combine(envNames(), values).as(EnvAssignment::new);
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("assignments") EnvAssignment a) {
        assertEquals(a, EnvAssignment.parse(a.toString()));
    }

    @Provide
    Arbitrary<String> withoutEquals() {
        return Arbitraries.strings().all().ofMaxLength(20).filter(s -> s.indexOf('=') < 0);
    }

    @Property(tries = 1000)
    void withoutEqualsIsRejectedNotPanicked(@ForAll("withoutEquals") String text) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> EnvAssignment.parse(text), "'" + text + "'",
                "a value is needed");
    }

    @Test
    void examples() {
        assertEquals(new EnvAssignment("OPTS", "a=b"), EnvAssignment.parse("OPTS=a=b"));
        assertEquals(new EnvAssignment("EMPTY", ""), EnvAssignment.parse("EMPTY="));
        assertEquals(new EnvAssignment("_x1", "v"), EnvAssignment.parse("_x1=v"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"=v", "1A=v", "A-B=v", "A B=v", "A.B=v"})
    void badNamesAreRejected(String text) {
        String name = text.substring(0, text.indexOf('='));
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> EnvAssignment.parse(text), "'" + text + "'",
                "'" + name + "' is not a variable name");
    }

    @Test
    void nulInValueIsRejected() {
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> EnvAssignment.parse("A=x\0y"), "A", "NUL");
    }
}
