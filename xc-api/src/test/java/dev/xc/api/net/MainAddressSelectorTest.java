package dev.xc.api.net;

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

class MainAddressSelectorTest {

    @Provide
    Arbitrary<MainAddressSelector> selectors() {
        return Arbitraries.oneOf(
                NetArbitraries.networkName().map(MainAddressSelector.ByNetwork::new),
                NetArbitraries.ip().map(MainAddressSelector.ByAddress::new));
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("selectors") MainAddressSelector s) {
        assertEquals(s, MainAddressSelector.parse(s.toString()));
    }

    @Test
    void examples() {
        assertEquals(new MainAddressSelector.ByNetwork("default"), MainAddressSelector.parse("network/default"));
        MainAddressSelector a = MainAddressSelector.parse("ipaddr/172.17.0.2");
        assertEquals(new MainAddressSelector.ByAddress(IpLiteral.parse("172.17.0.2")), a);
        assertEquals("ipaddr/172.17.0.2", a.toString()); // not the original's "ipadd/"
        assertEquals("ipaddr/dead::1", MainAddressSelector.parse("ipaddr/[dead::1]").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "ipadd/10.0.0.1; unknown kind 'ipadd'",
            "net/x; unknown kind 'net'",
            "default; unknown kind 'default'",
            "network/; '' is not a network name",
            "network/1x; '1x' is not a network name",
            "ipaddr/10.0.0; '10.0.0' is not an IPv4 address",
            "ipaddr/; empty string",
    })
    void malformedIsRejected(String text, String why) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> MainAddressSelector.parse(text), "'" + text + "'", why);
    }
}
