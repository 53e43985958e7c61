package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortPublishTest {

    @Provide
    Arbitrary<PortPublish> publications() {
        Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535);
        Arbitrary<Set<Protocol>> protos = Arbitraries.of(Set.of(Protocol.TCP), Set.of(Protocol.UDP),
                EnumSet.allOf(Protocol.class));
        return Builders.withBuilder(() -> new Object[6])
                .use(NetArbitraries.ifaceName().list().ofMaxSize(3)).in((b, v) -> set(b, 0, v))
                .use(NetArbitraries.ip().list().ofMaxSize(3)).in((b, v) -> set(b, 1, v))
                .use(port).in((b, v) -> set(b, 2, v))
                .use(Arbitraries.integers().between(0, 200)).in((b, v) -> set(b, 3, v))
                .use(port).in((b, v) -> set(b, 4, v))
                .use(protos).in((b, v) -> set(b, 5, v))
                .build(PortPublishTest::make);
    }

    private static Object[] set(Object[] b, int i, Object v) {
        b[i] = v;
        return b;
    }

    @SuppressWarnings("unchecked")
    private static PortPublish make(Object[] b) {
        int start = (Integer) b[2];
        int end = Math.min(65535, start + (Integer) b[3]);
        return new PortPublish((List<String>) b[0], (List<java.net.InetAddress>) b[1], start, end, (Integer) b[4],
                (Set<Protocol>) b[5]);
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("publications") PortPublish p) {
        assertEquals(p, PortPublish.parse(p.toString()));
        assertEquals(p.toString(), PortPublish.parse(p.toString()).toString());
    }

    @Test
    void examplesFromTheReference() {
        PortPublish a = PortPublish.parse("443:80");
        assertEquals(PortPublish.of(443, 80), a);
        assertEquals(EnumSet.allOf(Protocol.class), a.protocols());

        PortPublish b = PortPublish.parse("192.168.1.1:443:80");
        assertEquals(List.of(IpLiteral.parse("192.168.1.1")), b.hostAddresses());
        assertEquals(443, b.hostPort());
        assertEquals(80, b.containerPort());

        PortPublish c = PortPublish.parse("[dead:beef::]:443:80/tcp");
        assertEquals(List.of(IpLiteral.parse("dead:beef::")), c.hostAddresses());
        assertEquals(Set.of(Protocol.TCP), c.protocols());
        assertEquals("[dead:beef::]:443:80/tcp", c.toString());

        PortPublish d = PortPublish.parse("igb0,ixl3|192.168.2.1,[dead:beef::]:443-643:443/udp,tcp");
        assertEquals(List.of("igb0", "ixl3"), d.interfaces());
        assertEquals(List.of(IpLiteral.parse("192.168.2.1"), IpLiteral.parse("dead:beef::")), d.hostAddresses());
        assertEquals(443, d.hostPort());
        assertEquals(643, d.hostPortEnd());
        assertEquals(443, d.containerPort());
        assertTrue(d.isRange());
        assertEquals(EnumSet.allOf(Protocol.class), d.protocols());
        assertEquals("igb0,ixl3|192.168.2.1,[dead:beef::]:443-643:443", d.toString());
    }

    @Test
    void overlapDetection() {
        assertTrue(PortPublish.parse("8000-8010:80").overlaps(PortPublish.parse("8010:81")));
        assertFalse(PortPublish.parse("8000:80/tcp").overlaps(PortPublish.parse("8000:80/udp")));
        assertFalse(PortPublish.parse("10.0.0.1:8000:80").overlaps(PortPublish.parse("10.0.0.2:8000:80")));
        assertTrue(PortPublish.parse("10.0.0.1:8000:80").overlaps(PortPublish.parse("8000:80")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "80; a host port and a container port are needed",
            "80:80/sctp; unknown protocol 'sctp'",
            "80:80/; unknown protocol ''",
            "80:80 trailing; container port '80 trailing'",
            "0:80; host port 0 is outside 1-65535",
            "80:65536; container port 65536 is outside 1-65535",
            "90-80:80; the range end 80 is below its start 90",
            "127.1:80:80; '127.1' is not an IPv4 address",
            "dead::1:80:80; IPv6 address 'dead::1' must be written in brackets",
            "[10.0.0.1]:80:80; brackets are for IPv6 addresses only",
            "0igb|80:80; '0igb' is not an interface name",
            "|80:80; '' is not an interface name",
            ":80:80; empty string is not an IP address",
            "[::ffff:1.2.3.4]:80:80; IPv4-mapped",
    })
    void malformedIsRejected(String text, String why) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> PortPublish.parse(text), "'" + text + "'", why);
    }

    @Test
    void protocolsHaveAStableOrder() {
        PortPublish p = new PortPublish(List.of(), List.of(), 1, 1, 1, Set.of(Protocol.UDP, Protocol.TCP));
        assertEquals(List.of(Protocol.TCP, Protocol.UDP), List.copyOf(p.protocols()));
    }

    @Test
    void portRedirectValidates() {
        PortPublish p = PortPublish.of(80, 80);
        assertEquals(List.of("igb0"), new PortRedirect("abc", p, "10.0.0.2", List.of("igb0")).interfaces());
        assertRejected(ErrorCode.INVALID_NAME, () -> new PortRedirect("abc", p, "10.0.0.2", List.of("i g")),
                "'i g'");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> new PortRedirect(" ", p, "10.0.0.2", List.of()),
                "container id");
    }
}
