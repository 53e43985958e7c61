package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static dev.xc.api.image.Fixtures.assertXc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformTest {

    @ParameterizedTest
    @CsvSource({
            "FreeBSD/x86_64, freebsd/amd64",
            "freebsd/amd64, freebsd/amd64",
            "Linux/aarch64, linux/arm64",
            "linux/arm64/v8, linux/arm64/v8",
            "linux/i686, linux/386",
            "linux/powerpc64le, linux/ppc64le",
            "FREEBSD/X86_64, freebsd/amd64",
    })
    void normalises(String text, String canonical) {
        assertEquals(canonical, Platform.parse(text).toString());
    }

    @Test
    void theOriginalsCapitalisedOsIsFreeBsd() {
        Platform p = Platform.of("FreeBSD", "x86_64");
        assertEquals("freebsd", p.os());
        assertEquals("amd64", p.architecture());
        assertTrue(p.isFreeBsd());
        assertFalse(p.isLinux());
    }

    @Test
    void acceptsComparesVariantsOnlyWhenBothHaveOne() {
        assertTrue(Platform.parse("linux/arm64").accepts(Platform.parse("linux/arm64/v8")));
        assertTrue(Platform.parse("linux/arm64/v8").accepts(Platform.parse("linux/arm64")));
        assertFalse(Platform.parse("linux/arm/v7").accepts(Platform.parse("linux/arm/v6")));
        assertFalse(Platform.parse("freebsd/amd64").accepts(Platform.parse("linux/amd64")));
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("platforms") Platform p) {
        assertEquals(p, Platform.parse(p.toString()));
    }

    @Provide
    Arbitrary<Platform> platforms() {
        Arbitrary<String> word = Combinators.combine(
                        Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').numeric().ofLength(1),
                        Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('_', '.', '-').ofMaxLength(8))
                .as(String::concat);
        Arbitrary<String> os = Arbitraries.oneOf(Arbitraries.of("freebsd", "FreeBSD", "linux", "windows"), word);
        Arbitrary<String> arch = Arbitraries.oneOf(Arbitraries.of("amd64", "x86_64", "aarch64", "arm64", "i386",
                "riscv64"), word);
        return Combinators.combine(os, arch, word.optional(0.3)).as(Platform::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"freebsd", "freebsd/", "/amd64", "freebsd/amd64/", "a/b/c/d", "free bsd/amd64",
            "freebsd/-amd64", ""})
    void malformedIsRejected(String text) {
        assertXc(ErrorCode.INVALID_PLATFORM, "invalid platform", () -> Platform.parse(text));
    }

    @Test
    void emptyVariantMeansNone() {
        assertEquals(Optional.empty(), new Platform("linux", "arm64", Optional.of("")).variant());
    }
}
