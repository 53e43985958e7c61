package dev.xc.net.pf.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.PortPublish;
import dev.xc.api.net.PortRedirect;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.Firewall;
import dev.xc.api.spi.ProviderContext;
import dev.xc.net.pf.PfProvider;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.SimulatedHost.Outcome;
import dev.xc.testkit.pf.SimulatedPfctl;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pf backend against the simulated host and its simulated pfctl. */
class PfBackendTest {

    private final SimulatedPfctl pf = SimulatedPfctl.enabled();
    private final SimulatedHost host = SimulatedHost.builder().tool("pfctl", pf).build();

    private Firewall firewall(Map<String, String> settings) {
        return new PfProvider().create(new ProviderContext(host, settings, Path.of("/var/db/xc")));
    }

    private Firewall firewall() {
        return firewall(Map.of("ext_ifs", "igb0"));
    }

    private List<List<String>> argvs() {
        return host.journal().stream().map(Command::argv).toList();
    }

    private static PortRedirect redirect(String container, String spec, String destination) {
        return new PortRedirect(container, PortPublish.parse(spec), destination, List.of());
    }

    @Test
    void addressesAreAddedToAndRemovedFromTheNetworksTable() {
        Firewall fw = firewall();
        fw.addAddresses("default", List.of("10.0.0.3", "10.0.0.2/24"));
        assertEquals(List.of("10.0.0.2", "10.0.0.3"), pf.table("xc:network:default"));
        assertEquals(List.of("10.0.0.2", "10.0.0.3"), fw.addresses("default"));
        fw.addAddresses("default", List.of("dead:beef::2"));
        fw.removeAddresses("default", List.of("10.0.0.2"));
        assertEquals(List.of("10.0.0.3", "dead:beef::2"), pf.table("xc:network:default"));
        fw.removeAddresses("default", List.of("10.0.0.2")); // idempotent
        fw.removeAddresses("other", List.of("10.1.0.2")); // a table that does not exist: nothing to remove
        assertEquals(List.of(), fw.addresses("other"));
        assertEquals(List.of(
                List.of("/sbin/pfctl", "-s", "Running"),
                List.of("/sbin/pfctl", "-t", "xc:network:default", "-T", "add", "10.0.0.2", "10.0.0.3"),
                List.of("/sbin/pfctl", "-t", "xc:network:default", "-T", "show"),
                List.of("/sbin/pfctl", "-s", "Running"),
                List.of("/sbin/pfctl", "-t", "xc:network:default", "-T", "add", "dead:beef::2"),
                List.of("/sbin/pfctl", "-t", "xc:network:default", "-T", "delete", "10.0.0.2"),
                List.of("/sbin/pfctl", "-t", "xc:network:default", "-T", "delete", "10.0.0.2"),
                List.of("/sbin/pfctl", "-t", "xc:network:other", "-T", "delete", "10.1.0.2"),
                List.of("/sbin/pfctl", "-t", "xc:network:other", "-T", "show")), argvs());
    }

    @Test
    void noAddressesRunNothing() {
        Firewall fw = firewall();
        fw.addAddresses("default", List.of());
        fw.removeAddresses("default", List.of());
        assertEquals(List.of(), host.journal());
    }

    @Test
    void badAddressesAndNamesAreRefusedBeforePfctlRuns() {
        Firewall fw = firewall();
        XcException a = assertThrows(XcException.class, () -> fw.addAddresses("default", List.of("10.0.0.300")));
        assertEquals(ErrorCode.INVALID_ARGUMENT, a.code());
        assertEquals("invalid container address '10.0.0.300' for table xc:network:default", a.getMessage());
        XcException n = assertThrows(XcException.class,
                () -> fw.addAddresses("a-network-name-too-long", List.of("10.0.0.2")));
        assertEquals(ErrorCode.INVALID_NAME, n.code());
        assertEquals("network name 'a-network-name-too-long' is too long for pf: its table "
                + "xc:network:a-network-name-too-long has 34 characters and pf allows 31", n.getMessage());
        assertEquals("use a network name of at most 20 characters", n.hint());
        assertThrows(XcException.class, () -> fw.addAddresses("my net", List.of("10.0.0.2")));
        assertEquals(List.of(), host.journal());
    }

    @Test
    void redirectsAreLoadedThenReplacedThenFlushed() {
        Firewall fw = firewall();
        fw.replaceRedirects(List.of(redirect("web", "8080:80/tcp", "10.0.0.2")));
        assertEquals(List.of("rdr on igb0 inet proto tcp from any to any port = 8080 -> 10.0.0.2 port 80"),
                pf.anchorRules("xc-rdr"));

        fw.replaceRedirects(List.of(redirect("web", "8080:80/tcp", "10.0.0.2"),
                redirect("dns", "53:53/udp", "10.0.0.3")));
        assertEquals(List.of(
                "rdr on igb0 inet proto udp from any to any port = 53 -> 10.0.0.3 port 53",
                "rdr on igb0 inet proto tcp from any to any port = 8080 -> 10.0.0.2 port 80"),
                pf.anchorRules("xc-rdr"));

        fw.replaceRedirects(List.of());
        assertEquals(List.of(), pf.anchorRules("xc-rdr"));

        List<Command> loads = host.journal().stream().filter(c -> c.argv().contains("-f")).toList();
        assertEquals(3, loads.size());
        for (Command c : loads) {
            assertEquals(List.of("/sbin/pfctl", "-a", "xc-rdr", "-f", "-"), c.argv());
        }
        assertEquals("rdr on igb0 inet proto udp from any to any port 53 -> 10.0.0.3 port 53\n"
                        + "rdr on igb0 inet proto tcp from any to any port 8080 -> 10.0.0.2 port 80\n",
                new String(loads.get(1).stdin(), StandardCharsets.UTF_8));
        assertEquals(0, loads.get(2).stdin().length);
        // a flush does not ask whether pf runs; each load does
        assertEquals(2, host.journal().stream().filter(c -> c.argv().contains("Running")).count());
    }

    @Test
    void aPfctlFailureSurfacesWithItsStderr() {
        Firewall fw = firewall();
        pf.failNext(0, ""); // the -s Running probe passes
        pf.failNext(255, "pfctl: Operation not permitted.\n");
        XcException e = assertThrows(XcException.class, () -> fw.addAddresses("default", List.of("10.0.0.2")));
        assertEquals(ErrorCode.COMMAND_FAILED, e.code());
        assertEquals("pfctl failed to add 10.0.0.2 to table xc:network:default: '/sbin/pfctl -t xc:network:default "
                + "-T add 10.0.0.2' exited with status 255: pfctl: Operation not permitted.", e.getMessage());
    }

    @Test
    void aRefusedAnchorLoadNamesTheRuleOfEachErrorLine() {
        Firewall fw = firewall();
        pf.failNext(0, "");
        pf.failNext(1, "stdin:1: syntax error\npfctl: Syntax error in config file: pf rules not loaded\n");
        XcException e = assertThrows(XcException.class,
                () -> fw.replaceRedirects(List.of(redirect("web", "8080:80/tcp", "10.0.0.2"))));
        assertEquals(ErrorCode.COMMAND_FAILED, e.code());
        assertEquals("pfctl failed to load 1 rule(s) into anchor xc-rdr: '/sbin/pfctl -a xc-rdr -f -' exited with "
                + "status 1: stdin:1: syntax error (line 1: rdr on igb0 inet proto tcp from any to any port 8080 -> "
                + "10.0.0.2 port 80)\npfctl: Syntax error in config file: pf rules not loaded", e.getMessage());
        assertTrue(e.hint().contains("keeps its previous rules"), e.hint());
    }

    @Test
    void disabledPfIsExplainedWithHowToEnableItButTeardownStillWorks() {
        SimulatedPfctl off = SimulatedPfctl.disabled();
        SimulatedHost h = SimulatedHost.builder().tool("pfctl", off).build();
        Firewall fw = new PfProvider().create(new ProviderContext(h, Map.of("ext_ifs", "em0"), Path.of("/tmp")));
        XcException e = assertThrows(XcException.class, () -> fw.addAddresses("default", List.of("10.0.0.2")));
        assertEquals(ErrorCode.HOST_UNSUPPORTED, e.code());
        assertEquals("pf is not enabled on this host ('/sbin/pfctl -s Running' says Disabled), so xc cannot add "
                + "10.0.0.2 to table xc:network:default", e.getMessage());
        assertTrue(e.hint().startsWith("enable pf: sysrc pf_enable=YES && service pf start"), e.hint());
        assertThrows(XcException.class, () -> fw.replaceRedirects(List.of(redirect("w", "80:80", "10.0.0.2"))));
        assertEquals(List.of(), off.anchorRules("xc-rdr"));
        fw.removeAddresses("default", List.of("10.0.0.2"));
        fw.replaceRedirects(List.of());
    }

    @Test
    void pfNotLoadedIsExplained() {
        SimulatedHost h = SimulatedHost.builder().tool("pfctl", SimulatedPfctl.notLoaded()).build();
        Firewall fw = new PfProvider().create(new ProviderContext(h, Map.of(), Path.of("/tmp")));
        XcException e = assertThrows(XcException.class, () -> fw.removeAddresses("default", List.of("10.0.0.2")));
        assertEquals(ErrorCode.HOST_UNSUPPORTED, e.code());
        assertEquals("pf is not loaded on this host, so xc cannot remove 10.0.0.2 from table xc:network:default "
                + "('/sbin/pfctl -t xc:network:default -T delete 10.0.0.2' exited with status 1: pfctl: /dev/pf: "
                + "No such file or directory)", e.getMessage());
        assertTrue(e.hint().startsWith("load and enable pf: kldload pf"), e.hint());
        XcException a = assertThrows(XcException.class, () -> fw.addAddresses("default", List.of("10.0.0.2")));
        assertEquals("pf is not loaded on this host, so xc cannot ask whether pf is enabled ('/sbin/pfctl -s Running' "
                + "exited with status 1: pfctl: /dev/pf: No such file or directory)", a.getMessage());
    }

    @Test
    void thePfctlPathComesFromTheSettings() {
        Firewall fw = firewall(Map.of("pfctl", "/usr/local/sbin/pfctl", "ext_ifs", "em0"));
        fw.addAddresses("lan", List.of("10.1.0.2"));
        assertEquals(List.of("/usr/local/sbin/pfctl", "-t", "xc:network:lan", "-T", "add", "10.1.0.2"),
                host.journal().getLast().argv());
        XcException e = assertThrows(XcException.class, () -> firewall(Map.of("pfctl", "pfctl")));
        assertEquals(ErrorCode.INVALID_CONFIG, e.code());
        XcException p = assertThrows(XcException.class, () -> firewall(Map.of("rdr_pass", "yes")));
        assertEquals("invalid pf setting rdr_pass 'yes': expected true or false", p.getMessage());
        XcException i = assertThrows(XcException.class, () -> firewall(Map.of("ext_ifs", "igb0,,em0")));
        assertEquals("invalid ext_ifs entry '': not an interface name", i.getMessage());
    }

    @Test
    void setupInstructionsLoadIntoTheSimulatedPfctl() {
        String setup = firewall(Map.of("ext_ifs", "igb0,ixl3")).setupInstructions();
        assertTrue(setup.lines().anyMatch(l -> l.equals("rdr-anchor xc-rdr")), setup);
        assertTrue(setup.contains("nat on ixl3 inet from <xc:network:default> to any -> (ixl3)"), setup);
        Outcome o = pf.run(Command.of("/sbin/pfctl", "-f", "-").withStdin(setup + "\n"));
        assertEquals(0, o.exitCode(), o.stderr());
        assertTrue(pf.hasTable("xc:network:default"));
        assertEquals(List.of(
                "nat on igb0 inet from <xc:network:default> to any -> (igb0)",
                "nat on ixl3 inet from <xc:network:default> to any -> (ixl3)"), pf.anchorRules(""));
        assertFalse(firewall(Map.of()).setupInstructions().isBlank());
        assertTrue(firewall(Map.of()).setupInstructions().contains("replace em0 with your external interface"));
    }

    @Test
    void renderRedirectsShowsTheRulesWithoutRunningAnything() {
        Firewall fw = firewall();
        assertEquals(List.of("rdr on igb0 inet proto tcp from any to any port 8080 -> 10.0.0.2 port 80"),
                fw.renderRedirects(List.of(redirect("web", "8080:80/tcp", "10.0.0.2"))));
        assertEquals(List.of(), host.journal());
    }

    /** The scenario of the report: two containers, one with two published ports. */
    @Test
    void twoContainersOneWithTwoPublishedPorts() {
        Firewall fw = firewall(Map.of("ext_ifs", "igb0,ixl3"));
        fw.addAddresses("default", List.of("172.16.0.2"));
        fw.addAddresses("default", List.of("172.16.0.3"));
        List<PortRedirect> set = List.of(
                redirect("web", "8080:80/tcp", "172.16.0.2"),
                redirect("web", "192.168.1.10:8443-8453:443/tcp", "172.16.0.2"),
                redirect("dns", "igb0|53:53/udp", "172.16.0.3"));
        fw.replaceRedirects(set);
        String anchor = """
                rdr on igb0 inet proto udp from any to any port 53 -> 172.16.0.3 port 53
                rdr on { igb0, ixl3 } inet proto tcp from any to any port 8080 -> 172.16.0.2 port 80
                rdr on { igb0, ixl3 } inet proto tcp from any to 192.168.1.10 port 8443:8453 -> 172.16.0.2 port 443:*
                """;
        Command load = host.journal().getLast();
        assertEquals(anchor, new String(load.stdin(), StandardCharsets.UTF_8));
        assertEquals(List.of(
                "rdr on igb0 inet proto udp from any to any port = 53 -> 172.16.0.3 port 53",
                "rdr on igb0 inet proto tcp from any to any port = 8080 -> 172.16.0.2 port 80",
                "rdr on ixl3 inet proto tcp from any to any port = 8080 -> 172.16.0.2 port 80",
                "rdr on igb0 inet proto tcp from any to 192.168.1.10 port 8443:8453 -> 172.16.0.2 port 443:453",
                "rdr on ixl3 inet proto tcp from any to 192.168.1.10 port 8443:8453 -> 172.16.0.2 port 443:453"),
                pf.anchorRules("xc-rdr"));
        fw.replaceRedirects(List.of());
        fw.removeAddresses("default", List.of("172.16.0.2", "172.16.0.3"));
        assertEquals(List.of(), pf.table("xc:network:default"));
        assertEquals(List.of(
                "/sbin/pfctl -s Running",
                "/sbin/pfctl -t xc:network:default -T add 172.16.0.2",
                "/sbin/pfctl -s Running",
                "/sbin/pfctl -t xc:network:default -T add 172.16.0.3",
                "/sbin/pfctl -s Running",
                "/sbin/pfctl -a xc-rdr -f -",
                "/sbin/pfctl -a xc-rdr -f -",
                "/sbin/pfctl -t xc:network:default -T delete 172.16.0.2 172.16.0.3"),
                host.journal().stream().map(Command::display).toList());
    }
}
