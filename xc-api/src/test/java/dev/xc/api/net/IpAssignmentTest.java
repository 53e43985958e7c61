package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

class IpAssignmentTest {

    @Provide
    Arbitrary<IpAssignment> assignments() {
        return Combinators.combine(NetArbitraries.ifaceName(), NetArbitraries.cidr().list().ofMaxSize(4))
                .as(IpAssignment::new);
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("assignments") IpAssignment a) {
        assertEquals(a, IpAssignment.parse(a.toString()));
    }

    @Property(tries = 1000)
    void bracketedIpv6IsReadToo(@ForAll("assignments") IpAssignment a) {
        List<String> parts = a.addresses().stream().map(Cidr::toBracketedString).toList();
        String text = parts.isEmpty() ? a.iface() : a.iface() + "|" + String.join(",", parts);
        assertEquals(a, IpAssignment.parse(text));
    }

    @Test
    void examples() {
        IpAssignment a = IpAssignment.parse("igb0|192.168.8.7/24,192.168.8.8/24");
        assertEquals("igb0", a.iface());
        assertEquals(List.of(Cidr.parse("192.168.8.7/24"), Cidr.parse("192.168.8.8/24")), a.addresses());
        assertEquals(new IpAssignment("lo0", List.of()), IpAssignment.parse("lo0"));
        assertEquals("em0|dead:beef::/120", IpAssignment.parse("em0|[dead:beef::]/120").toString());
        assertEquals("em0|10.0.0.2/32", IpAssignment.parse("em0|10.0.0.2").toString());
        assertEquals("lo0|127.0.0.1/8,::1/128", IpAssignment.loopback().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "igb0|; an address is needed",
            "igb0|10.0.0.1,; empty address",
            "igb0|10.0.0.1/40; '10.0.0.1/40'",
            "0igb|10.0.0.1; '0igb' is not an interface name",
            "ig-b0; 'ig-b0' is not an interface name",
            "abcdefghijklmnop; 'abcdefghijklmnop' is not an interface name",
            "|10.0.0.1; '' is not an interface name",
            "igb0|10.0.0.1 trailing; '10.0.0.1 trailing'",
    })
    void malformedIsRejected(String text, String why) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> IpAssignment.parse(text), "'" + text + "'", why);
    }
}
