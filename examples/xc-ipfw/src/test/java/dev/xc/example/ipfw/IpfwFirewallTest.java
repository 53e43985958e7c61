package dev.xc.example.ipfw;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.PortPublish;
import dev.xc.api.net.PortRedirect;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.Firewall;
import dev.xc.api.spi.ProviderContext;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.SimulatedHost.Outcome;
import dev.xc.testkit.ipfw.SimulatedIpfw;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pf scenario (addresses added and removed, redirects loaded, replaced, flushed) against the simulated ipfw. */
class IpfwFirewallTest {

    private final SimulatedIpfw ipfw = new SimulatedIpfw();
    private final SimulatedHost host = SimulatedHost.builder().tool("ipfw", ipfw).build();

    private Firewall firewall(Map<String, String> settings) {
        return new IpfwFirewallProvider().create(new ProviderContext(host, settings, Path.of("/tmp")));
    }

    private static PortRedirect redirect(String container, String spec, String destination) {
        return new PortRedirect(container, PortPublish.parse(spec), destination, List.of());
    }

    @Test
    void addressesAreAddedAndRemovedIdempotently() {
        Firewall fw = firewall(Map.of("ext_ifs", "igb0"));
        fw.addAddresses("default", List.of("10.0.0.3", "10.0.0.2/24"));
        fw.addAddresses("default", List.of("10.0.0.2"));
        assertEquals(List.of("10.0.0.2/32", "10.0.0.3/32"), ipfw.table("xc_network_default"));
        assertEquals(List.of("10.0.0.2", "10.0.0.3"), fw.addresses("default"));
        fw.removeAddresses("default", List.of("10.0.0.2"));
        fw.removeAddresses("default", List.of("10.0.0.2"));
        fw.removeAddresses("nope", List.of("10.0.0.2"));
        assertEquals(List.of("10.0.0.3/32"), ipfw.table("xc_network_default"));
        assertEquals(List.of(), fw.addresses("nope"));
        assertEquals(List.of("/sbin/ipfw", "-q", "table", "xc_network_default", "create", "type", "addr"),
                host.journal().getFirst().argv());
    }

    @Test
    void redirectsAreLoadedReplacedAndFlushedPerInterface() {
        Firewall fw = firewall(Map.of("ext_ifs", "igb0,ixl3"));
        fw.replaceRedirects(List.of(redirect("web", "8080:80/tcp", "172.16.0.2"),
                redirect("web", "192.168.1.10:8443-8453:443/tcp", "172.16.0.2"),
                redirect("dns", "igb0|53:53/udp", "172.16.0.3")));
        assertEquals(Optional.of("ipfw nat 100 config if igb0"
                        + " redirect_port tcp 172.16.0.2:443-453 192.168.1.10:8443-8453"
                        + " redirect_port tcp 172.16.0.2:80 8080"
                        + " redirect_port udp 172.16.0.3:53 53"), ipfw.natConfig(100));
        assertEquals(Optional.of("ipfw nat 101 config if ixl3"
                + " redirect_port tcp 172.16.0.2:443-453 192.168.1.10:8443-8453"
                + " redirect_port tcp 172.16.0.2:80 8080"), ipfw.natConfig(101));
        fw.replaceRedirects(List.of(redirect("dns", "53:53/udp", "172.16.0.3")));
        assertEquals(Optional.of("ipfw nat 101 config if ixl3 redirect_port udp 172.16.0.3:53 53"),
                ipfw.natConfig(101));
        fw.replaceRedirects(List.of());
        assertEquals(Optional.of("ipfw nat 100 config if igb0"), ipfw.natConfig(100));
        assertEquals(Optional.of("ipfw nat 101 config if ixl3"), ipfw.natConfig(101));
    }

    @Test
    void whatIpfwCannotDoIsRefusedBeforeAnythingRuns() {
        Firewall fw = firewall(Map.of("ext_ifs", "igb0"));
        XcException v6 = assertThrows(XcException.class,
                () -> fw.replaceRedirects(List.of(redirect("w", "80:80", "dead:beef::2"))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, v6.code());
        assertEquals("cannot redirect port publication '80:80' of container w with ipfw: the container address "
                + "dead:beef::2 is IPv6 and ipfw NAT is IPv4 only", v6.getMessage());
        XcException other = assertThrows(XcException.class,
                () -> fw.replaceRedirects(List.of(redirect("w", "em5|80:80", "10.0.0.2"))));
        assertTrue(other.getMessage().endsWith("interface em5 is not in ext_ifs [igb0], so it has no NAT instance"),
                other.getMessage());
        assertEquals(List.of(), host.journal());
    }

    @Test
    void anIpfwFailureSurfacesWithItsStderr() {
        SimulatedHost h = SimulatedHost.builder()
                .tool("ipfw", c -> Outcome.fail(71, "ipfw: setsockopt(IP_FW_NAT_CFG): Protocol not available\n"))
                .build();
        Firewall fw = new IpfwFirewallProvider().create(new ProviderContext(h, Map.of("ext_ifs", "igb0"),
                Path.of("/tmp")));
        XcException e = assertThrows(XcException.class,
                () -> fw.replaceRedirects(List.of(redirect("w", "80:80/tcp", "10.0.0.2"))));
        assertEquals(ErrorCode.COMMAND_FAILED, e.code());
        assertTrue(e.getMessage().endsWith("exited with status 71: ipfw: setsockopt(IP_FW_NAT_CFG): Protocol not "
                + "available"), e.getMessage());
    }

    @Test
    void theSimulatedIpfwIsStrict() {
        assertEquals(64, ipfw.run(Command.of("ipfw", "table", "xc:network:x", "create", "type", "addr")).exitCode());
        assertEquals(64, ipfw.run(Command.of("ipfw", "nat", "1", "config", "if", "em0", "redirect_port", "tcp",
                "10.0.0.2:80-81", "8080")).exitCode());
        assertEquals(64, ipfw.run(Command.of("ipfw", "nat", "1", "config", "if", "em0", "bogus")).exitCode());
        assertEquals(64, ipfw.run(Command.of("ipfw", "add", "100", "allow", "ip", "from", "any", "to", "any"))
                .exitCode());
    }
}
