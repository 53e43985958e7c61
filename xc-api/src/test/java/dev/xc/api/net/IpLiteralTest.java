package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpLiteralTest {

    @Provide
    Arbitrary<InetAddress> addresses() {
        return NetArbitraries.ip();
    }

    @Property(tries = 1000)
    void formatThenParseGivesTheSameAddress(@ForAll("addresses") InetAddress a) {
        String text = IpLiteral.format(a);
        assertEquals(a, IpLiteral.parse(text));
        assertEquals(text, IpLiteral.format(IpLiteral.parse(text)));
    }

    @Test
    void ipv6IsRenderedAsRfc5952() {
        assertEquals("dead:beef::", IpLiteral.format(IpLiteral.parse("DEAD:BEEF:0:0:0:0:0:0")));
        assertEquals("::1", IpLiteral.format(IpLiteral.parse("0:0:0:0:0:0:0:1")));
        assertEquals("::", IpLiteral.format(IpLiteral.parse("::")));
        assertEquals("2001:db8:0:1:1:1:1:1", IpLiteral.format(IpLiteral.parse("2001:db8:0:1:1:1:1:1")));
        assertEquals("2001:db8::1:0:0:1", IpLiteral.format(IpLiteral.parse("2001:db8:0:0:1:0:0:1")));
        assertEquals("[dead:beef::1]", IpLiteral.formatBracketed(IpLiteral.parse("dead:beef::1")));
        assertEquals("10.0.0.1", IpLiteral.formatBracketed(IpLiteral.parse("10.0.0.1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "127.1", "01.2.3.4", "256.1.1.1", "1.2.3.4.5", "a.b.c.d", "1.2.3.4 ",
            "::ffff:1.2.3.4", "fe80::1%em0", "1:2:3:4:5:6:7:8:9", "dead::beef::1", "::1.2.3", "gggg::1", "80"})
    void malformedLiteralsAreRejected(String text) {
        String named = text.isEmpty() ? "empty" : "'" + text + "'";
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> IpLiteral.parse(text), named);
        assertTrue(IpLiteral.tryParse(text).isEmpty());
    }

    @Property(tries = 1000)
    void rejectionNamesTheInput(@ForAll("junk") String text) {
        if (IpLiteral.tryParse(text).isEmpty()) {
            assertRejected(ErrorCode.INVALID_SYNTAX, () -> IpLiteral.parse(text), text.isEmpty() ? "empty" : text);
        }
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.strings().withChars("0123456789abcdef.:%x ").ofMaxLength(20);
    }
}
