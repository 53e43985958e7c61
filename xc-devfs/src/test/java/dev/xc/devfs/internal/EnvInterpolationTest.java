package dev.xc.devfs.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EnvInterpolationTest {

    static final Map<String, String> ENV = Map.of("TAP", "tap3", "EMPTY", "", "_X1", "x");

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            path ${TAP} unhide          | path tap3 unhide
            path $TAP unhide            | path tap3 unhide
            path $TAP/x unhide          | path tap3/x unhide
            path ${TAP}x unhide         | path tap3x unhide
            path ${NONE:-tap9} unhide   | path tap9 unhide
            path ${EMPTY:-tap9} unhide  | path tap9 unhide
            path ${TAP:-tap9} unhide    | path tap3 unhide
            path ${_X1} unhide          | path x unhide
            a$$b                        | a$b
            no variables                | no variables
            """)
    void expands(String text, String expected) {
        assertEquals(expected, EnvInterpolation.expand(text, ENV, "rule"));
    }

    @Test
    void unsetIsMissingEnv() {
        XcException e = assertThrows(XcException.class,
                () -> EnvInterpolation.expand("path $DISK unhide", ENV, "devfs rule 'path $DISK unhide'"));
        assertEquals(ErrorCode.MISSING_ENV, e.code());
        assertEquals("devfs rule 'path $DISK unhide' uses the variable DISK, which the container's environment "
                + "does not set", e.getMessage());
        assertEquals("set it with -e DISK=VALUE, or write ${DISK:-DEFAULT} in the image", e.hint());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            path $ unhide     | the '$' at column 6 starts no variable
            path x$           | it ends with a lone '$'
            path ${TAP unhide | the '${' at column 6 is not closed
            path ${} unhide   | '' is not a variable name
            path ${1A} unhide | '1A' is not a variable name
            path $1 unhide    | the '$' at column 6 starts no variable
            """)
    void malformed(String text, String problem) {
        XcException e = assertThrows(XcException.class, () -> EnvInterpolation.expand(text, ENV, "rule"));
        assertEquals(ErrorCode.INVALID_SYNTAX, e.code());
        assertEquals("invalid rule: " + problem, e.getMessage());
    }

    @Provide
    Arbitrary<String> plain() {
        return Arbitraries.strings().withCharRange(' ', '~').filter(s -> !s.contains("$"));
    }

    @Property(tries = 1000)
    void textWithoutDollarIsUnchanged(@ForAll("plain") String s) {
        assertEquals(s, EnvInterpolation.expand(s, ENV, "rule"));
        assertEquals(s + "$" + s, EnvInterpolation.expand(s + "$$" + s, ENV, "rule"));
    }
}
