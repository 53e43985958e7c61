package dev.xc.net.pf.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.PortPublish;
import dev.xc.api.net.PortRedirect;
import dev.xc.testkit.pf.PfConfParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rendering of port redirects into xc-rdr anchor rules: the documented examples and the refusals. */
class RdrRendererTest {

    private static final RdrRenderer EM0 = new RdrRenderer(List.of("em0"), false);

    private static PortRedirect redirect(String container, String spec, String destination) {
        return new PortRedirect(container, PortPublish.parse(spec), destination, List.of());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', textBlock = """
            443:80; 10.0.0.2; rdr on em0 inet proto { tcp, udp } from any to any port 443 -> 10.0.0.2 port 80
            8080:80/udp; 10.0.0.2; rdr on em0 inet proto udp from any to any port 8080 -> 10.0.0.2 port 80
            8080:80/tcp; 10.0.0.2/24; rdr on em0 inet proto tcp from any to any port 8080 -> 10.0.0.2 port 80
            192.168.1.1:443:80; 10.0.0.2; rdr on em0 inet proto { tcp, udp } from any to 192.168.1.1 port 443 -> 10.0.0.2 port 80
            [dead:beef::]:443:80/tcp; dead:beef::2; rdr on em0 inet6 proto tcp from any to dead:beef:: port 443 -> dead:beef::2 port 80
            igb0,ixl3|192.168.2.1:443-643:443/udp,tcp; 10.0.0.2; rdr on { igb0, ixl3 } inet proto { tcp, udp } from any to 192.168.2.1 port 443:643 -> 10.0.0.2 port 443:*
            ixl3,igb0,igb0|192.168.2.9,192.168.2.1:8000:80; 10.0.0.2; rdr on { igb0, ixl3 } inet proto { tcp, udp } from any to { 192.168.2.1, 192.168.2.9 } port 8000 -> 10.0.0.2 port 80
            [::1],[dead:beef::]:53:53/udp; dead:beef::0:2; rdr on em0 inet6 proto udp from any to { ::1, dead:beef:: } port 53 -> dead:beef::2 port 53
            65535:65535/tcp; 10.0.0.2; rdr on em0 inet proto tcp from any to any port 65535 -> 10.0.0.2 port 65535
            """)
    void documentedExamples(String spec, String destination, String expected) {
        List<String> rules = EM0.rules(List.of(redirect("c1", spec, destination)));
        assertEquals(List.of(expected), rules);
        PfConfParser.Result parsed = PfConfParser.parse(expected);
        assertTrue(parsed.ok(), parsed.errors().toString());
    }

    @Test
    void theMixedFamilyReferenceExampleIsRefusedNamingTheAddressOfTheOtherFamily() {
        String spec = "igb0,ixl3|192.168.2.1,[dead:beef::]:443-643:443/udp,tcp";
        XcException v4 = assertThrows(XcException.class, () -> EM0.rules(List.of(redirect("c1", spec, "10.0.0.2"))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, v4.code());
        assertEquals("cannot redirect port publication 'igb0,ixl3|192.168.2.1,[dead:beef::]:443-643:443' of container "
                + "c1: host address dead:beef:: is IPv6 but the container address 10.0.0.2 is IPv4", v4.getMessage());
        XcException v6 = assertThrows(XcException.class, () -> EM0.rules(List.of(redirect("c1", spec, "dead:beef::2"))));
        assertTrue(v6.getMessage().endsWith("host address 192.168.2.1 is IPv4 but the container address dead:beef::2 "
                + "is IPv6"), v6.getMessage());
    }

    @Test
    void passIsWrittenWhenConfigured() {
        assertEquals(List.of("rdr pass on em0 inet proto tcp from any to any port 80 -> 10.0.0.2 port 8080"),
                new RdrRenderer(List.of("em0"), true).rules(List.of(redirect("c", "80:8080/tcp", "10.0.0.2"))));
    }

    @Test
    void theRedirectsOwnInterfacesWinOverExtIfs() {
        PortRedirect r = new PortRedirect("c", PortPublish.parse("80:80/tcp"), "10.0.0.2", List.of("vtnet1"));
        assertEquals(List.of("rdr on vtnet1 inet proto tcp from any to any port 80 -> 10.0.0.2 port 80"),
                EM0.rules(List.of(r)));
    }

    @Test
    void noInterfaceAtAllIsRefused() {
        XcException e = assertThrows(XcException.class,
                () -> new RdrRenderer(List.of(), false).rules(List.of(redirect("c9", "80:80", "10.0.0.2"))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("cannot redirect port publication '80:80' of container c9: it names no interface and ext_ifs "
                + "is empty", e.getMessage());
        assertTrue(e.hint().contains("ext_ifs: igb0"), e.hint());
    }

    @Test
    void aContainerRangeRunningPast65535IsRefused() {
        XcException e = assertThrows(XcException.class,
                () -> EM0.rules(List.of(redirect("c", "1000-2000:65000/tcp", "10.0.0.2"))));
        assertEquals("cannot redirect port publication '1000-2000:65000/tcp' of container c: the container ports "
                + "65000-66000 run past 65535", e.getMessage());
    }

    @Test
    void aDestinationThatIsNoAddressIsRefused() {
        for (String d : List.of("web", "10.0.0.256", "10.0.0.2/33", "10.0.0.2/", "")) {
            XcException e = assertThrows(XcException.class, () -> EM0.rules(List.of(redirect("c", "80:80", d))), d);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().contains("the container address '" + d + "' is not an IP address"),
                    e.getMessage());
        }
    }

    @Test
    void orderIsSortedByContainerThenPortWhateverTheInputOrderAndDuplicatesGoOnce() {
        List<PortRedirect> in = new ArrayList<>(List.of(
                redirect("web", "8443:443/tcp", "10.0.0.3"),
                redirect("api", "9000:9000/tcp", "10.0.0.2"),
                redirect("web", "80:80/tcp", "10.0.0.3"),
                redirect("api", "10000:1/udp", "10.0.0.2"),
                redirect("web", "80:80/tcp", "10.0.0.3")));
        List<String> expected = List.of(
                "rdr on em0 inet proto tcp from any to any port 9000 -> 10.0.0.2 port 9000",
                "rdr on em0 inet proto udp from any to any port 10000 -> 10.0.0.2 port 1",
                "rdr on em0 inet proto tcp from any to any port 80 -> 10.0.0.3 port 80",
                "rdr on em0 inet proto tcp from any to any port 8443 -> 10.0.0.3 port 443");
        assertEquals(expected, EM0.rules(in));
        Collections.reverse(in);
        assertEquals(expected, EM0.rules(in));
        assertEquals(String.join("\n", expected) + "\n", EM0.anchorText(in));
    }

    @Test
    void noRedirectsGiveAnEmptyAnchor() {
        assertEquals("", EM0.anchorText(List.of()));
        assertEquals(List.of(), EM0.rules(List.of()));
    }
}
