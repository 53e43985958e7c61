package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Interpolation.Literal;
import dev.xc.api.image.Interpolation.Modifier;
import dev.xc.api.image.Interpolation.Part;
import dev.xc.api.image.Interpolation.Ref;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.xc.api.image.Fixtures.assertXc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterpolationTest {

    static final Map<String, String> ENV = Map.of("HOME", "/root", "NAME", "xc", "EMPTY", "", "A", "a", "B", "b");

    static String apply(String text) {
        return Interpolation.parse(text).apply(ENV);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain text | plain text",
            "$HOME | /root",
            "${HOME} | /root",
            "$HOME/bin | /root/bin",
            "${HOME}bin | /rootbin",
            "${UNSET:-world} | world",
            "${EMPTY:-world} | world",
            "${NAME:-world} | xc",
            "${UNSET:=world} | world",
            "${NAME:+alt} | alt",
            "${UNSET:+alt} | ''",
            "${EMPTY:+alt} | ''",
            "${NAME:?must be set} | xc",
            "${UNSET:-${NAME}} | xc",
            "${UNSET:-${ALSO_UNSET:-deep}} | deep",
            "${UNSET:-$HOME/x} | /root/x",
            "'${UNSET:-\"a b\"}' | a b",
            "'${UNSET:-\"a}b\"}' | a}b",
            "'${UNSET:-\"say \\\"hi\\\"\"}' | say \"hi\"",
            "'${UNSET:-\"$HOME\"}' | $HOME",
            "${UNSET:-} | ''",
            "${EMPTY} | ''",
            "$$ | $",
            "$$HOME | $HOME",
            "$1 | $1",
            "'awk ''{print $1}''' | 'awk ''{print $1}'''",
            "$@ and $* and $5 | $@ and $* and $5",
            "cost: 5$ | cost: 5$",
            "$ | $",
            "a}b\"c | a}b\"c",
            "${A}${B}$A$B | abab",
            "'daemon off;' | 'daemon off;'",
    })
    void examples(String text, String expected) {
        assertEquals(expected, apply(text));
    }

    @Test
    void variablesAreListedInOrderIncludingNestedOnes() {
        assertEquals(List.of("A", "B", "C", "D"),
                List.copyOf(Interpolation.parse("$A ${B:-${C}} ${A} ${D:+$B}").variables()));
        assertEquals(Set.of(), Interpolation.parse("$1 $$ x").variables());
    }

    @Test
    void canonicalForm() {
        assertEquals("${HOME}", Interpolation.parse("$HOME").toString());
        assertEquals("${X:-d}", Interpolation.parse("${X:=d}").toString());
        assertEquals("${X:-a b}", Interpolation.parse("${X:-\"a b\"}").toString());
        assertEquals("${X:-\"a}b\"}", Interpolation.parse("${X:-\"a}b\"}").toString());
        assertEquals("$1", Interpolation.parse("$1").toString());
        assertEquals("$$${A}", Interpolation.parse("$$$A").toString());
        assertEquals("$$A", Interpolation.parse("$$A").toString());
        assertEquals(Interpolation.parse("$HOME"), Interpolation.parse("${HOME}"));
    }

    @Test
    void unsetWithoutDefaultThrowsMissingEnvNamingTheVariable() {
        XcException e = assertXc(ErrorCode.MISSING_ENV, "'DB_URL'", () -> apply("jdbc:${DB_URL}"));
        assertTrue(e.hint().contains("-e DB_URL="), e.hint());
        assertXc(ErrorCode.MISSING_ENV, "'X'", () -> apply("$X"));
    }

    @Test
    void errorModifierThrowsWithItsMessage() {
        assertXc(ErrorCode.MISSING_ENV, "missing environment variable 'DB': set DB to a URL",
                () -> apply("${DB:?set DB to a URL}"));
        assertXc(ErrorCode.MISSING_ENV, "'EMPTY' (it is empty)", () -> apply("${EMPTY:?}"));
    }

    @Test
    void wordsAreEvaluatedOnlyWhenUsed() {
        assertEquals("xc", apply("${NAME:-$UNSET}"));
        assertEquals("", apply("${UNSET:+$ALSO_UNSET}"));
        assertXc(ErrorCode.MISSING_ENV, "'ALSO_UNSET'", () -> apply("${UNSET:-$ALSO_UNSET}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "${ | expected a variable name after '${' at position 0",
            "${} | expected a variable name after '${' at position 0",
            "x${1} | expected a variable name after '${' at position 1",
            "${X | unterminated '${X' starting at position 0",
            "${X:-abc | unterminated '${X' starting at position 0",
            "${X-d} | expected '}' or one of ':-', ':=', ':?', ':+' after '${X' at position 3",
            "${X:} | after '${X' at position 3",
            "${X!} | after '${X' at position 3",
            "'${X:-\"abc}' | unterminated quote starting at position 5",
            "${X:-${Y} | unterminated '${X' starting at position 0",
    })
    void malformedIsRejected(String text, String part) {
        XcException e = assertXc(ErrorCode.INVALID_SYNTAX, part, () -> Interpolation.parse(text));
        assertTrue(e.getMessage().startsWith("invalid interpolated string '" + text + "'"), e.getMessage());
    }

    @Test
    void nestingIsBounded() {
        String deep = "${A:-".repeat(Interpolation.MAX_NESTING + 1) + "x" + "}".repeat(Interpolation.MAX_NESTING + 1);
        assertXc(ErrorCode.INVALID_SYNTAX, "nested deeper than", () -> Interpolation.parse(deep));
        String ok = "${A:-".repeat(Interpolation.MAX_NESTING) + "x" + "}".repeat(Interpolation.MAX_NESTING);
        assertEquals("x", Interpolation.parse(ok).apply(Map.of()));
    }

    @Test
    void literalKeepsEveryCharacter() {
        Interpolation l = Interpolation.literal("${X} $1 $$ \"q\" }");
        assertTrue(l.isLiteral());
        assertEquals("${X} $1 $$ \"q\" }", l.apply(Map.of()));
        assertEquals(l, Interpolation.parse(l.toString()));
        assertTrue(Interpolation.literal("").isEmpty());
    }

    @Test
    void adjacentLiteralsAreMerged() {
        Interpolation i = new Interpolation(List.of(new Literal("a"), new Literal("b"), Ref.of("X")));
        assertEquals(List.of(new Literal("ab"), Ref.of("X")), i.parts());
        assertFalse(i.isLiteral());
    }

    // ---- properties

    @Property(tries = 1000)
    void roundTrip(@ForAll("interpolations") Interpolation i) {
        assertEquals(i, Interpolation.parse(i.toString()), () -> "canonical text: " + i);
    }

    @Property(tries = 1000)
    void anyTextSurvivesAsALiteral(@ForAll("texts") String text) {
        Interpolation l = Interpolation.literal(text);
        Interpolation back = Interpolation.parse(l.toString());
        assertEquals(l, back);
        assertEquals(text, back.apply(Map.of()));
    }

    @Property(tries = 1000)
    void parsedTextIsStable(@ForAll("texts") String text) {
        Interpolation first;
        try {
            first = Interpolation.parse(text);
        } catch (XcException e) {
            assertEquals(ErrorCode.INVALID_SYNTAX, e.code());
            return;
        }
        Interpolation again = Interpolation.parse(first.toString());
        assertEquals(first, again);
        Map<String, String> env = Map.of("A", "1", "B", "", "AB", "x");
        assertEquals(outcome(first, env), outcome(again, env));
    }

    private static String outcome(Interpolation i, Map<String, String> env) {
        try {
            return "ok:" + i.apply(env);
        } catch (XcException e) {
            assertEquals(ErrorCode.MISSING_ENV, e.code());
            return "missing";
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("$${}{}:-=?+\"\\ aAB_1").ofMaxLength(20);
    }

    @Provide
    Arbitrary<Interpolation> interpolations() {
        return interpolation(3);
    }

    private static Arbitrary<Interpolation> interpolation(int depth) {
        Arbitrary<Part> literal = Arbitraries.strings().withChars("$${}:-=?+\"\\ ab_1.").ofMinLength(1).ofMaxLength(6)
                .map(Literal::new);
        Arbitrary<Part> part = depth == 0 ? literal : Arbitraries.oneOf(literal, ref(depth));
        return part.list().ofMaxSize(4).map(Interpolation::new);
    }

    private static Arbitrary<Part> ref(int depth) {
        Arbitrary<String> name = Combinators.combine(
                        Arbitraries.strings().withCharRange('A', 'Z').withChars('_', 'a').ofLength(1),
                        Arbitraries.strings().withCharRange('A', 'Z').numeric().withChars('_').ofMaxLength(4))
                .as(String::concat);
        return Combinators.combine(name, Arbitraries.of(Modifier.class), interpolation(depth - 1))
                .as((n, m, w) -> m == Modifier.NONE ? Ref.of(n) : new Ref(n, m, w));
    }
}
