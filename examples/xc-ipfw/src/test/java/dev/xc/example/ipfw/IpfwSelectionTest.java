package dev.xc.example.ipfw;

import dev.xc.api.Engine;
import dev.xc.api.EngineInfo;
import dev.xc.api.EngineOptions;
import dev.xc.api.ErrorCode;
import dev.xc.api.ProviderInfo;
import dev.xc.api.XcException;
import dev.xc.api.spi.HostInfo;
import dev.xc.engine.EmbeddedEngines;
import dev.xc.testkit.SimulatedHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine, unchanged, finds this module's provider and selects it by name. */
class IpfwSelectionTest {

    @TempDir
    Path tmp;

    private SimulatedHost hostWithIpfw() {
        HostInfo base = SimulatedHost.freeBsd14();
        Set<String> mods = new HashSet<>(base.kernelModules());
        mods.add("ipfw");
        return SimulatedHost.builder().info(new HostInfo(base.osName(), base.release(), base.osreldate(),
                base.architecture(), mods, base.zfs(), base.pf(), base.vnet(), base.linuxAbi(), true)).build();
    }

    private EngineOptions options(String firewall) throws Exception {
        Path conf = tmp.resolve("xc.conf");
        Files.writeString(conf, "state_dir: " + tmp.resolve("state") + "\nstorage: directory\nfirewall: " + firewall + "\n");
        return EngineOptions.defaults().withConfigFile(conf);
    }

    @Test
    void selectedByName() throws Exception {
        try (Engine e = EmbeddedEngines.open(options("ipfw"), hostWithIpfw())) {
            EngineInfo info = e.info();
            ProviderInfo ipfw = info.providers().stream().filter(p -> p.name().equals("ipfw")).findFirst()
                    .orElseThrow();
            assertEquals("firewall", ipfw.kind());
            assertTrue(ipfw.selected());
            assertTrue(info.setup().getFirst().startsWith("# ipfw:"), info.setup().toString());
        }
    }

    @Test
    void refusedWithTheReasonWhereIpfwIsNotLoaded() throws Exception {
        XcException e = assertThrows(XcException.class,
                () -> EmbeddedEngines.open(options("ipfw"), SimulatedHost.create()));
        assertEquals(ErrorCode.NO_PROVIDER, e.code());
        assertEquals("the configured firewall provider 'ipfw' does not work on this host: "
                + "ipfw is not loaded (kldload ipfw)", e.problems().getFirst().message());
    }

    @Test
    void changesReachTheHostsIpfw() {
        var ipfw = new dev.xc.testkit.ipfw.SimulatedIpfw();
        SimulatedHost host = SimulatedHost.builder().info(hostWithIpfw().info()).tool("ipfw", ipfw).build();
        var fw = new IpfwFirewallProvider().create(new dev.xc.api.spi.ProviderContext(host, Map.of(), tmp));
        fw.addAddresses("default", java.util.List.of("10.0.0.2"));
        assertEquals(java.util.List.of("10.0.0.2/32"), ipfw.table("xc_network_default"));
        XcException e = assertThrows(XcException.class, () -> fw.addAddresses("default", java.util.List.of("x")));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }
}
