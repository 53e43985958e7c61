package dev.xc.testkit;

import dev.xc.api.spi.Command;
import dev.xc.api.spi.KernelCalls;
import dev.xc.api.spi.KernelParam;
import dev.xc.api.spi.KernelResult;
import dev.xc.testkit.devfs.SimulatedDevfs;
import dev.xc.testkit.pf.SimulatedPfctl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulated host persisted in a directory: every host built on the same directory (another JVM, a restarted
 * daemon) sees one kernel, pf and devfs, with the simulator's rules intact; a host in memory writes nothing.
 */
class PersistedHostTest {

    @TempDir
    Path tmp;

    private SimulatedHost host(Path dir) {
        return SimulatedHost.builder().tool("pfctl", SimulatedPfctl.enabled())
                .tool("devfs", SimulatedDevfs.withDefaultRulesets()).persistTo(dir).build();
    }

    private static KernelResult createJail(SimulatedHost h, String name, Path root, String ip) {
        List<KernelParam> p = new ArrayList<>(List.of(KernelParam.text("name", name),
                KernelParam.text("path", root.toString()), KernelParam.flag("persist"),
                KernelParam.text("host.hostname", name + ".example"), KernelParam.int32("devfs_ruleset", 4),
                KernelParam.bytes("ip4.addr", java.net.InetAddress.ofLiteral(ip).getAddress())));
        return h.kernel().orElseThrow().jailSet(p, KernelCalls.JAIL_CREATE);
    }

    private static String run(SimulatedHost h, String... argv) {
        var r = h.commands().run(Command.of(argv));
        assertEquals(0, r.exitCode(), () -> String.join(" ", argv) + ": " + r.stderrText());
        return r.stdoutText();
    }

    @Test
    void aSecondHostOnTheSameDirectorySeesJailsMountsAliasesTablesAnchorsAndRulesets() throws Exception {
        Path dir = tmp.resolve("host");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("dev"));
        SimulatedHost first = host(dir);
        run(first, "ifconfig", "em0", "inet", "192.0.2.77/32", "alias");
        KernelResult made = createJail(first, "web", root, "192.0.2.77");
        assertFalse(made.failed(), made::toString);
        assertFalse(first.kernel().orElseThrow().nmount(List.of(KernelParam.text("fstype", "devfs"),
                KernelParam.text("fspath", root.resolve("dev").toString()), KernelParam.text("ruleset", "4")), 0)
                .failed());
        run(first, "pfctl", "-t", "xc:network:web", "-T", "add", "192.0.2.77");
        run(first, "devfs", "rule", "-s", "1001", "add", "path", "bpf*", "unhide");

        assertTrue(Files.isRegularFile(dir.resolve("simulated-host.json")));
        SimulatedHost second = host(dir);
        var jail = second.simulatedKernel().jail("web").orElseThrow();
        assertEquals(made.value(), jail.jid());
        assertEquals("web.example", jail.parameter("host.hostname").orElseThrow());
        assertEquals(4, jail.parameter("devfs_ruleset").orElseThrow());
        assertEquals(List.of("192.0.2.77"), jail.addresses().stream().map(a -> a.getHostAddress()).toList());
        assertEquals(List.of("devfs " + root.resolve("dev")), second.simulatedKernel().mounts().stream()
                .map(m -> m.fsType() + " " + m.fspath()).toList());
        assertTrue(run(second, "ifconfig", "em0").contains("inet 192.0.2.77/32"),
                () -> run(second, "ifconfig", "em0"));
        assertEquals("192.0.2.77", run(second, "pfctl", "-t", "xc:network:web", "-T", "show").strip());
        assertEquals("100 path bpf* unhide", run(second, "devfs", "rule", "-s", "1001", "show").strip());
        assertTrue(run(second, "jls", "-N").contains("web"), () -> run(second, "jls", "-N"));

        // the rules hold across processes: the name is taken, a new jid follows the last one
        KernelResult again = createJail(second, "web", root, "192.0.2.77");
        assertEquals("EEXIST", again.errnoName());
        // a change by the second is seen by the first at its next operation
        run(second, "pfctl", "-t", "xc:network:web", "-T", "delete", "192.0.2.77");
        assertFalse(second.kernel().orElseThrow().jailRemove(jail.jid()).failed());
        first.refresh();
        assertTrue(first.simulatedKernel().jails().isEmpty());
        assertEquals("", run(first, "pfctl", "-t", "xc:network:web", "-T", "show").strip());
    }

    @Test
    void aHostInMemoryWritesNothing() {
        SimulatedHost h = SimulatedHost.builder().tool("pfctl", SimulatedPfctl.enabled()).build();
        assertFalse(h.isPersistent());
        run(h, "pfctl", "-t", "t", "-T", "add", "10.0.0.1");
        assertTrue(h.kernel().orElseThrow() == h.simulatedKernel(), "no transaction wrapper in memory");
    }
}
