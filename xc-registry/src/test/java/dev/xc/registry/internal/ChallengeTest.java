package dev.xc.registry.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChallengeTest {

    @Test
    void dockerHubBearerChallenge() {
        List<Challenge> cs = Challenge.parseAll("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"");
        assertEquals(1, cs.size());
        Challenge c = cs.getFirst();
        assertTrue(c.is("bearer"));
        assertEquals("https://auth.docker.io/token", c.param("realm").orElseThrow());
        assertEquals("registry.docker.io", c.param("SERVICE").orElseThrow());
        assertEquals("repository:library/alpine:pull", c.param("scope").orElseThrow());
    }

    @Test
    void severalChallengesTokensAndEscapes() {
        List<Challenge> cs = Challenge.parseAll(
                "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\"");
        assertEquals(2, cs.size());
        assertEquals("1", cs.get(0).param("type").orElseThrow());
        assertEquals("Login to \"apps\"", cs.get(0).param("title").orElseThrow());
        assertTrue(cs.get(1).is("Basic"));
        assertEquals("simple", cs.get(1).param("realm").orElseThrow());
    }

    @Test
    void unquotedValuesDoNotLoop() {
        // the original xc looped forever on this
        Challenge c = Challenge.parseAll("Basic realm=registry").getFirst();
        assertEquals("registry", c.param("realm").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " , ", "Bearer realm=\"unterminated", "Bearer realm=", "Bearer =x",
            "Bearer realm=\"a\" service=\"b\"", "Bearer realm=a,realm=b", "Bearer@ realm=a", "\"quoted\""})
    void malformedIsRejected(String header) {
        XcException e = assertThrows(XcException.class, () -> Challenge.parseAll(header));
        assertEquals(ErrorCode.REGISTRY_ERROR, e.code());
        assertTrue(e.getMessage().startsWith("malformed WWW-Authenticate header '" + header + "'"), e.getMessage());
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("challenges") List<Challenge> challenges) {
        String text = Challenge.render(challenges);
        assertEquals(challenges, Challenge.parseAll(text), text);
    }

    @Provide
    Arbitrary<List<Challenge>> challenges() {
        Arbitrary<String> token = Arbitraries.strings().withChars("abcdefgXYZ0123456789-._~+!#$%&'*^`|")
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> name = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz_-")
                .ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> value = Arbitraries.oneOf(token,
                Arbitraries.strings().withChars("abc ,;=\"\\/:@?é\t").ofMaxLength(20));
        Arbitrary<Map<String, String>> params = Arbitraries.maps(name, value).ofMaxSize(4)
                .map(LinkedHashMap::new);
        Arbitrary<Challenge> challenge = Combinators.combine(token, params).as(Challenge::new);
        return challenge.list().ofMinSize(1).ofMaxSize(3);
    }
}
