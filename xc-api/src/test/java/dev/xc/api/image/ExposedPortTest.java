package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.net.Protocol;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static dev.xc.api.image.Fixtures.assertXc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExposedPortTest {

    @Test
    void examples() {
        assertEquals(new ExposedPort(80, 80, Optional.of(Protocol.TCP)), ExposedPort.parse("80/tcp"));
        assertEquals(new ExposedPort(8000, 8010, Optional.empty()), ExposedPort.parse("8000-8010"));
        assertEquals(ExposedPort.of(53, Protocol.UDP), ExposedPort.parse("53/udp"));
        assertEquals(ExposedPort.of(80), ExposedPort.parse("80"));
        assertEquals("80/tcp", ExposedPort.parse("80/TCP").toString());
        assertEquals("80", ExposedPort.parse("80-80").toString());
        assertEquals("8000-8010/udp", ExposedPort.parse("8000-8010/udp").toString());
    }

    @Test
    void rangeQueries() {
        ExposedPort r = ExposedPort.parse("8000-8010");
        assertTrue(r.isRange());
        assertTrue(r.contains(8005));
        assertFalse(r.contains(8011));
        assertFalse(ExposedPort.of(80).isRange());
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("ports") ExposedPort p) {
        assertEquals(p, ExposedPort.parse(p.toString()));
    }

    @Provide
    Arbitrary<ExposedPort> ports() {
        return Combinators.combine(Arbitraries.integers().between(1, 65535), Arbitraries.integers().between(0, 100),
                        Arbitraries.of(Protocol.class).optional(0.6))
                .as((start, width, proto) -> new ExposedPort(start, Math.min(65535, start + width), proto));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "80/sctp | unknown protocol 'sctp'",
            "80abc | port '80abc' is not a number",
            "'' | port '' is not a number",
            "abc | port 'abc' is not a number",
            "0 | port 0 is outside 1-65535",
            "65536 | port 65536 is outside 1-65535",
            "100000 | port '100000' is not a number",
            "90-80 | the range end 80 is below its start 90",
            "80- | range end '' is not a number",
            "-80 | port '' is not a number",
            "80/ | unknown protocol ''",
            "80/tcp/udp | unknown protocol 'tcp/udp'",
            "80-90-100 | range end '90-100' is not a number",
            "' 80' | port ' 80' is not a number",
    })
    void rejected(String text, String part) {
        var e = assertXc(ErrorCode.INVALID_SYNTAX, part, () -> ExposedPort.parse(text));
        assertTrue(e.getMessage().startsWith("invalid exposed port '" + text + "'"), e.getMessage());
    }

    @Test
    void constructorChecksToo() {
        assertXc(ErrorCode.INVALID_SYNTAX, "range end 70 is below its start 80",
                () -> new ExposedPort(80, 70, Optional.empty()));
        assertXc(ErrorCode.INVALID_SYNTAX, "port 0 is outside", () -> ExposedPort.of(0));
    }
}
