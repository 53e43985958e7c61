package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkSpecTest {

    private static NetworkSpec spec(String subnet, String router, String start, String end) {
        return new NetworkSpec("example", Cidr.parse(subnet), Optional.of("igb0"), Optional.of("bridge0"),
                Optional.ofNullable(router).map(IpLiteral::parse), Optional.ofNullable(start).map(IpLiteral::parse),
                Optional.ofNullable(end).map(IpLiteral::parse));
    }

    @Test
    void validNetwork() {
        NetworkSpec n = spec("172.17.0.0/24", "172.17.0.1", "172.17.0.10", "172.17.0.200");
        assertEquals("xc:network:example", n.pfTable());
        assertEquals(IpLiteral.parse("172.17.0.10"), n.firstAssignable());
        assertEquals(IpLiteral.parse("172.17.0.200"), n.lastAssignable());
        NetworkSpec d = NetworkSpec.of("lan", Cidr.parse("10.0.0.0/24"));
        assertEquals(IpLiteral.parse("10.0.0.1"), d.firstAssignable());
        assertEquals(IpLiteral.parse("10.0.0.254"), d.lastAssignable());
        assertTrue(d.isReserved(IpLiteral.parse("10.0.0.0")));
        assertTrue(d.isReserved(IpLiteral.parse("10.0.0.255")));
        assertFalse(d.isReserved(IpLiteral.parse("10.0.0.7")));
        NetworkSpec v6 = NetworkSpec.of("v6", Cidr.parse("dead:beef::/120"));
        assertEquals(IpLiteral.parse("dead:beef::ff"), v6.lastAssignable());
    }

    @Test
    void crossFieldRulesAreEnforced() {
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> spec("172.17.0.0/24", "172.18.0.1", null, null),
                "default router 172.18.0.1 is not in the subnet 172.17.0.0/24");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> spec("172.17.0.0/24", null, "10.0.0.1", null),
                "start address 10.0.0.1");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> spec("172.17.0.0/24", null, null, "dead::1"),
                "end address dead::1");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> spec("172.17.0.0/24", null, "172.17.0.9", "172.17.0.8"),
                "start address 172.17.0.9 is after end address 172.17.0.8");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> spec("172.17.0.1/24", null, null, null),
                "has host bits set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1net", "a b", "a:b", "abcdefghijklmnopqrstu", "-x", "net/1"})
    void badNamesAreRejected(String name) {
        assertRejected(ErrorCode.INVALID_NAME, () -> NetworkSpec.of(name, Cidr.parse("10.0.0.0/8")),
                "'" + name + "'");
    }

    @Test
    void badInterfacesAreRejected() {
        assertRejected(ErrorCode.INVALID_NAME, () -> new NetworkSpec("n", Cidr.parse("10.0.0.0/8"),
                Optional.of("0igb"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                "alias interface", "'0igb'");
        assertRejected(ErrorCode.INVALID_NAME, () -> new NetworkSpec("n", Cidr.parse("10.0.0.0/8"),
                Optional.empty(), Optional.of("bridge0123456789x"), Optional.empty(), Optional.empty(),
                Optional.empty()), "bridge interface");
    }

    @Test
    void networkInfoChecksCounts() {
        NetworkSpec n = NetworkSpec.of("lan", Cidr.parse("10.0.0.0/24"));
        assertEquals(250, new NetworkInfo(n, java.util.List.of("abc"), 4, 254).free());
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> new NetworkInfo(n, java.util.List.of(), 5, 4), "'lan'");
    }
}
