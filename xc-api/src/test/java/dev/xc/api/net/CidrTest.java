package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.util.Optional;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrTest {

    @Provide
    Arbitrary<Cidr> cidrs() {
        return NetArbitraries.cidr();
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("cidrs") Cidr c) {
        assertEquals(c, Cidr.parse(c.toString()));
        assertEquals(c, Cidr.parse(c.toBracketedString()));
    }

    @Property(tries = 1000)
    void blockArithmeticIsConsistent(@ForAll("cidrs") Cidr c) {
        assertTrue(c.contains(c.address()));
        assertTrue(c.contains(c.network()));
        assertTrue(c.contains(c.last()));
        assertEquals(c.size().subtract(BigInteger.ONE), c.offsetOf(c.last()));
        assertEquals(c.last(), c.addressAt(c.size().subtract(BigInteger.ONE)));
        assertEquals(c.toNetwork(), c.toNetwork().toNetwork());
        assertFalse(c.toNetwork().hasHostBits());
        assertTrue(c.toNetwork().encloses(c) && c.overlaps(c.toNetwork()));
    }

    @Test
    void examples() {
        Cidr a = Cidr.parse("192.168.8.7/24");
        assertEquals("192.168.8.0", IpLiteral.format(a.network()));
        assertEquals(Optional.of(IpLiteral.parse("192.168.8.255")), a.broadcast());
        assertEquals(BigInteger.valueOf(256), a.size());
        assertTrue(a.contains(IpLiteral.parse("192.168.8.200")));
        assertFalse(a.contains(IpLiteral.parse("192.168.9.1")));
        assertFalse(a.contains(IpLiteral.parse("::1")));
        assertTrue(a.hasHostBits());

        assertEquals("10.0.0.1/32", Cidr.parse("10.0.0.1").toString());
        assertEquals("dead:beef::/128", Cidr.parse("dead:beef::").toString());
        Cidr v6 = Cidr.parse("[dead:beef::]/120");
        assertEquals("dead:beef::/120", v6.toString());
        assertEquals("[dead:beef::]/120", v6.toBracketedString());
        assertTrue(v6.isIpv6());
        assertEquals(Optional.empty(), v6.broadcast());
        assertEquals("dead:beef::ff", IpLiteral.format(v6.last()));
        assertEquals(Cidr.parse("dead:beef::/120"), v6);
        assertEquals(Cidr.parse("[::1]"), Cidr.host(IpLiteral.parse("::1")));
        assertEquals(Long.MAX_VALUE, Cidr.parse("::/0").sizeAsLong());
        assertEquals(4294967296L, Cidr.parse("0.0.0.0/0").sizeAsLong());
    }

    @Test
    void ipv4MappedRangeStaysIpv6() {
        Cidr all = Cidr.parse("::/0");
        assertTrue(all.isIpv6());
        assertTrue(IpLiteral.isIpv6(all.addressAt(BigInteger.valueOf(0xffff01020304L))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "10.0.0.1/33; the mask 33 is outside 0-32",
            "dead::/129; the mask 129 is outside 0-128",
            "10.0.0.1/; the mask '' is not a number",
            "10.0.0.1/a; the mask 'a' is not a number",
            "10.0.0.1/24/8; the mask '24/8'",
            "10.0.0.1/+8; the mask '+8'",
            "[10.0.0.1]/8; brackets are for IPv6",
            "[dead::/8; without a closing",
            "[dead::]x; unexpected 'x'",
            "10.0.0/8; '10.0.0' is not an IPv4 address",
            "/8; empty string",
            "dead::beef::/8; is not an IPv6 address",
    })
    void malformedIsRejected(String text, String why) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> Cidr.parse(text), "'" + text + "'", why);
    }
}
