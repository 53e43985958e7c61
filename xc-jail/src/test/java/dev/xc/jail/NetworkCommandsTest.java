package dev.xc.jail;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.KernelCalls;
import dev.xc.api.spi.KernelParam;
import dev.xc.testkit.SimulatedHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The argv of freebsd-facts.md 7 and 12, and that the simulated host accepts each of them in order. */
class NetworkCommandsTest {

    @TempDir
    Path root;

    @Test
    void argvAsFreeBsdFactsGiveThem() {
        InetAddress a = InetAddress.ofLiteral("192.0.2.5");
        assertEquals("ifconfig em0 inet 192.0.2.5/32 alias", NetworkCommands.addAlias("em0", a, 32).display());
        assertEquals("ifconfig em0 inet 192.0.2.5/32 -alias", NetworkCommands.removeAlias("em0", a, 32).display());
        assertEquals("ifconfig em0 inet6 2001:db8:0:0:0:0:0:5/64 alias",
                NetworkCommands.addAlias("em0", InetAddress.ofLiteral("2001:db8::5"), 64).display());
        assertEquals("ifconfig epair create", NetworkCommands.createEpair().display());
        assertEquals("ifconfig bridge0 addm epair0a", NetworkCommands.addToBridge("bridge0", "epair0a").display());
        assertEquals("ifconfig epair0b vnet web", NetworkCommands.moveToJail("epair0b", "web").display());
        assertEquals("ifconfig epair0b -vnet web", NetworkCommands.reclaimFromJail("epair0b", "web").display());
        assertEquals("jexec web /sbin/ifconfig epair0b inet 10.0.0.2/24 up", NetworkCommands.addressInJail("web",
                "epair0b", InetAddress.ofLiteral("10.0.0.2"), 24).display());
        assertEquals("jexec web /sbin/route add default 10.0.0.1",
                NetworkCommands.defaultRoute("web", InetAddress.ofLiteral("10.0.0.1")).display());
        assertEquals(new NetworkCommands.Epair("epair3a", "epair3b"),
                NetworkCommands.Epair.fromCreateOutput("epair3a\n"));
        assertEquals(ErrorCode.INVALID_NAME, assertThrows(XcException.class,
                () -> NetworkCommands.up("averyveryverylongname0")).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(XcException.class,
                () -> NetworkCommands.addAlias("em0", a, 33)).code());
    }

    @Test
    void vnetPlumbingRunsOnTheSimulatedHost() {
        SimulatedHost host = SimulatedHost.create();
        KernelCalls k = host.kernel().orElseThrow();
        k.jailSet(List.of(KernelParam.text("name", "web"), KernelParam.text("path", root.toString()),
                KernelParam.int32("vnet", 1), KernelParam.flag("persist")), KernelCalls.JAIL_CREATE).orThrow("");
        var run = host.commands();
        NetworkCommands.Epair pair = NetworkCommands.Epair.fromCreateOutput(
                run.check(NetworkCommands.createEpair()).stdoutText());
        String bridge = run.check(Command.of("ifconfig", "bridge", "create")).stdoutText().strip();
        for (Command c : List.of(NetworkCommands.up(pair.a()), NetworkCommands.addToBridge(bridge, pair.a()),
                NetworkCommands.moveToJail(pair.b(), "web"),
                NetworkCommands.addressInJail("web", pair.b(), InetAddress.ofLiteral("10.0.0.2"), 24),
                NetworkCommands.loopbackUp("web"),
                NetworkCommands.defaultRoute("web", InetAddress.ofLiteral("10.0.0.1")),
                NetworkCommands.addAlias("em0", InetAddress.ofLiteral("192.0.2.7"), 32),
                NetworkCommands.removeAlias("em0", InetAddress.ofLiteral("192.0.2.7"), 32),
                NetworkCommands.removeFromBridge(bridge, pair.a()), NetworkCommands.destroy(pair.a()))) {
            run.check(c);
        }
        assertEquals(List.of("bridge0", "em0", "lo0"), host.simulatedKernel().interfaces().names(0));
    }
}
