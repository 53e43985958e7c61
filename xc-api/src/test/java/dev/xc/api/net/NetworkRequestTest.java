package dev.xc.api.net;

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

import java.util.Optional;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkRequestTest {

    @Provide
    Arbitrary<NetworkRequest> requests() {
        return Combinators.combine(NetArbitraries.networkName(), NetArbitraries.ip().optional())
                .as(NetworkRequest::new);
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("requests") NetworkRequest r) {
        assertEquals(r, NetworkRequest.parse(r.toString()));
    }

    @Provide
    Arbitrary<String> badNames() {
        return Arbitraries.strings().withChars("0123456789-_. /:").ofMinLength(1).ofMaxLength(8);
    }

    @Property(tries = 1000)
    void namesNotStartingWithALetterAreRejected(@ForAll("badNames") String name) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> NetworkRequest.parse(name + "|10.0.0.1"), "'" + name + "'");
    }

    @Test
    void examples() {
        assertEquals(NetworkRequest.any("example"), NetworkRequest.parse("example"));
        NetworkRequest r = NetworkRequest.parse("example|172.17.0.200");
        assertEquals(Optional.of(IpLiteral.parse("172.17.0.200")), r.address());
        assertTrue(r.isExplicit());
        assertEquals("example|172.17.0.200", r.toString());
        // the original's mandatory mask is accepted and not kept
        assertEquals(r, NetworkRequest.parse("example|172.17.0.200/24"));
        assertEquals("v6|dead:beef::20", NetworkRequest.parse("v6|[dead:beef::20]").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "example|; an address is needed",
            "example|300.1.1.1; '300.1.1.1' is not an IP address",
            "example|10.0.0.1x; '10.0.0.1x' is not an IP address",
            "|10.0.0.1; '' is not a network name",
            "ex ample; 'ex ample' is not a network name",
            "example|10.0.0.1|x; '10.0.0.1|x'",
    })
    void malformedIsRejected(String text, String why) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> NetworkRequest.parse(text), "'" + text + "'", why);
    }
}
