package dev.xc.testkit.tools;

import dev.xc.api.spi.Command;
import dev.xc.testkit.kernel.Interfaces;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.KernelCalls;
import dev.xc.api.spi.KernelParam;
import dev.xc.api.spi.KernelResult;
import dev.xc.testkit.SimulatedHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What FreeBSD rejects, the simulated host rejects, with FreeBSD's text and status. */
class SimulatorStrictnessTest {

    @TempDir
    Path root;
    SimulatedHost host;
    KernelCalls kernel;

    @BeforeEach
    void setUp() {
        host = SimulatedHost.create();
        kernel = host.kernel().orElseThrow();
    }

    KernelResult create(KernelParam... extra) {
        List<KernelParam> p = new java.util.ArrayList<>(List.of(KernelParam.text("name", "web"),
                KernelParam.text("path", root.toString()), KernelParam.flag("persist")));
        p.addAll(List.of(extra));
        return kernel.jailSet(p, KernelCalls.JAIL_CREATE);
    }

    @Test
    void jailSetRules() {
        assertKernel("EINVAL", "no valid operation (create or update)",
                kernel.jailSet(List.of(KernelParam.text("name", "x")), 0));
        assertKernel("EINVAL", "", kernel.jailSet(List.of(KernelParam.text("name", "x")), 0x100));
        assertKernel("EINVAL", "new jail must persist or attach",
                kernel.jailSet(List.of(KernelParam.text("name", "x")), KernelCalls.JAIL_CREATE));
        assertKernel("EINVAL", "unknown parameter: allow.frobnicate", create(KernelParam.flag("allow.frobnicate")));
        assertKernel("EINVAL", "vnet jails cannot have IP address restrictions",
                create(KernelParam.int32("vnet", 1), KernelParam.int32("ip4", 2)));
        assertKernel("EINVAL", "", create(KernelParam.int32("vnet", 0)));
        assertKernel("EINVAL", "", create(KernelParam.flag("vnet")));
        assertKernel("EINVAL", "", create(KernelParam.int32("enforce_statfs", 3)));
        assertKernel("EINVAL", "osreldate cannot be 0", create(KernelParam.int32("osreldate", 0)));
        assertKernel("ENAMETOOLONG", "osrelease string must be 1-31 bytes long",
                create(KernelParam.text("osrelease", "x".repeat(32))));
        assertKernel("EINVAL", "linux.osrelease format error", create(KernelParam.text("linux.osrelease", "5.15")));
        assertKernel("EINVAL", "too many IPv4 addresses", create(KernelParam.bytes("ip4.addr", new byte[4 * 256])));
        assertKernel("EINVAL", "", create(KernelParam.bytes("ip4.addr", new byte[5])));
        assertKernel("ENOENT", "jail \"nope\" not found", kernel.jailSet(List.of(KernelParam.text("name", "nope.web"),
                KernelParam.flag("persist")), KernelCalls.JAIL_CREATE));
        assertKernel("EINVAL", "name cannot be numeric (unless it is the jid)", kernel.jailSet(List.of(
                KernelParam.text("name", "007"), KernelParam.flag("persist")), KernelCalls.JAIL_CREATE));
        int jid = create().value();
        assertKernel("EEXIST", "jail \"web\" already exists", create());
        assertKernel("EINVAL", "vnet cannot be changed after creation", kernel.jailSet(List.of(
                KernelParam.text("name", "web"), KernelParam.int32("vnet", 1)), KernelCalls.JAIL_UPDATE));
        assertKernel("ENOENT", "jail \"ghost\" not found", kernel.jailSet(List.of(
                KernelParam.text("name", "ghost"), KernelParam.int32("devfs_ruleset", 5)), KernelCalls.JAIL_UPDATE));
        assertEquals(jid, kernel.jailSet(List.of(KernelParam.text("name", "web"),
                KernelParam.int32("devfs_ruleset", 5)), KernelCalls.JAIL_UPDATE).value());
        assertKernel("ENOENT", "jail 999 not found", kernel.jailGet(List.of(KernelParam.int32("jid", 999)), 0));
        assertKernel("EINVAL", "", kernel.jailGet(List.of(KernelParam.text("name", "web"),
                KernelParam.out("path", KernelParam.Value.Kind.STRING, 2)), 0));
        assertKernel("EINVAL", "", kernel.jailRemove(999));
        assertEquals(0, kernel.jailRemove(jid).value());
    }

    @Test
    void mountRules() {
        assertKernel("EINVAL", "invalid ruleset specification", kernel.nmount(List.of(KernelParam.text("fstype",
                "devfs"), KernelParam.text("fspath", root.toString()), KernelParam.text("ruleset", "70000")), 0));
        assertKernel("EINVAL", "mount option <size> is unknown", kernel.nmount(List.of(KernelParam.text("fstype",
                "devfs"), KernelParam.text("fspath", root.toString()), KernelParam.text("size", "1")), 0));
        assertKernel("ENODEV", "", kernel.nmount(List.of(KernelParam.text("fstype", "ext4"),
                KernelParam.text("fspath", root.toString())), 0));
        assertKernel("ENOENT", "", kernel.nmount(List.of(KernelParam.text("fstype", "tmpfs"),
                KernelParam.text("fspath", root.resolve("missing").toString())), 0));
        assertEquals(0, kernel.nmount(List.of(KernelParam.text("fstype", "tmpfs"),
                KernelParam.text("fspath", root.toString())), 0).value());
        assertEquals(0, kernel.nmount(List.of(KernelParam.text("fstype", "tmpfs"),
                KernelParam.text("fspath", root.toString()), KernelParam.flag("ro")), 0).value());
        assertKernel("EINVAL", "", kernel.unmount("/not/mounted", 0));
        assertEquals(0, kernel.unmount(root.toString(), 0).value());
    }

    static void assertKernel(String errno, String errmsg, KernelResult r) {
        assertTrue(r.failed(), () -> "expected " + errno + ", got " + r);
        assertEquals(errno, r.errnoName(), r::toString);
        assertEquals(errmsg, r.errmsg(), r::toString);
    }

    CommandResult run(String... argv) {
        return host.commands().run(Command.of(argv));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', quoteCharacter = '`', value = {
            "jexec -d /tmp web /bin/sh#1#jexec: illegal option -- d\\nusage: jexec [-l] [-u username | -U username] jail [command ...]\\n",
            "jexec#1#usage: jexec [-l] [-u username | -U username] jail [command ...]\\n",
            "jexec -u root -U root web#1#usage: jexec [-l] [-u username | -U username] jail [command ...]\\n",
            "jexec ghost /bin/sh#1#jexec: jail \"ghost\" not found\\n",
            "jexec 42 /bin/sh#1#jexec: jail 42 not found\\n",
            "jls -x#1#jls: illegal option -- x\\njls: usage: jls [-dhNnqv] [-j jail] [param ...]\\n",
            "jls -j ghost#1#jls: jail \"ghost\" not found\\n",
            "sysctl kern.nope#1#sysctl: unknown oid 'kern.nope'\\n",
            "sysctl kern.osreldate=1#1#sysctl: oid 'kern.osreldate' is read only\\n",
            "kldstat -n nothere#1#kldstat: can't find file nothere: No such file or directory\\n",
            "kldstat -q -m nothere#1#``",
            "kldload nothere#1#kldload: can't load nothere: No such file or directory\\n",
            "kldload zfs#1#kldload: can't load zfs: module already loaded or in kernel\\n",
            "kldload#1#usage: kldload [-nqv] file ...\\n",
            "ifconfig em9 up#1#ifconfig: interface em9 does not exist\\n",
            "ifconfig em0 inet 10.0.0.300/24 alias#1#ifconfig: 10.0.0.300/24: bad value\\n",
            "ifconfig em0 inet 10.1.1.1/24 -alias#1#ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address\\n",
            "ifconfig bridgewithaverylongname create#1#ifconfig: bridgewithaverylongname: cloning name too long\\n",
            "ifconfig foo0 create#1#ifconfig: SIOCIFCREATE2 (foo0): Invalid argument\\n",
            "ifconfig em0 vnet ghost#1#ifconfig: jail \"ghost\" not found\\n",
            "ifconfig em0 frobnicate#1#ifconfig: frobnicate: bad value\\n",
            "ifconfig -j ghost epair0b up#1#ifconfig: jail not found\\n",
            "ifconfig -j#1#ifconfig: option requires an argument -- j\\nusage: ifconfig [-j jail] [-f type:format] [-L] [-C] [-g groupname] interface address_family\\n                [address [dest_address]] [parameters]\\n",
            "route -j ghost add default 10.0.0.1#1#route: Jail not found\\n",
            "route add default 10.9.9.1#1#route: writing to routing socket: Network is unreachable\\nadd net default: gateway 10.9.9.1 fib 0: Network is unreachable\\n",
            "route frob#64#route: bad command: frob\\nusage: route [-j jail] [-46dnqtv] command [[modifiers] args]\\n"})
    void commandsRejectWhatFreeBsdRejects(String line, int status, String stderr) {
        java.util.Map<String, String> noJail = java.util.Map.of();
        CommandResult r = run(line.split(" "));
        assertEquals(status, r.exitCode(), r::stderrText);
        assertEquals(stderr.replace("\\n", "\n"), r.stderrText());
    }

    @Test
    void unknownProgramsAreErrorsNotSuccesses() {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(dev.xc.api.XcException.class,
                () -> run("mount", "-t", "devfs")).getMessage().contains("the simulated host has no program 'mount'"));
    }

    @Test
    void networkPlumbingEndToEnd() {
        assertEquals("epair0a\n", run("ifconfig", "epair", "create").stdoutText());
        assertEquals("bridge0\n", run("ifconfig", "bridge", "create").stdoutText());
        assertEquals(1, run("ifconfig", "bridge0", "create").exitCode());
        assertEquals(0, run("ifconfig", "bridge0", "addm", "epair0a", "up").exitCode());
        assertEquals(1, run("ifconfig", "bridge0", "deletem", "em0").exitCode());
        assertEquals(0, run("ifconfig", "em0", "inet", "192.0.2.5/32", "alias").exitCode());
        assertTrue(host.simulatedKernel().interfaces().get(0, "em0").orElseThrow().addresses()
                .contains("192.0.2.5/32"));
        int jid = kernel.jailSet(List.of(KernelParam.text("name", "net"), KernelParam.text("path", root.toString()),
                KernelParam.int32("vnet", 1), KernelParam.flag("persist")), KernelCalls.JAIL_CREATE).value();
        assertEquals(0, run("ifconfig", "epair0b", "vnet", "net").exitCode());
        assertEquals(0, run("jexec", "net", "/sbin/ifconfig", "epair0b", "inet", "10.0.0.2/24", "up").exitCode());
        assertEquals(0, run("jexec", "net", "/sbin/ifconfig", "lo0", "inet", "127.0.0.1/8", "up").exitCode());
        assertEquals(0, run("ifconfig", "-j", "net", "epair0b", "inet", "10.0.0.3/24", "alias").exitCode());
        assertEquals(List.of("10.0.0.2/24", "10.0.0.3/24"), host.simulatedKernel().interfaces().get(jid, "epair0b")
                .orElseThrow().addresses());
        assertEquals(1, run("ifconfig", "-j", "net", "epair0a", "up").exitCode(), "epair0a stays on the host");
        assertEquals("add net default: gateway 10.0.0.1\n",
                run("jexec", "net", "/sbin/route", "add", "default", "10.0.0.1").stdoutText());
        assertEquals(1, run("jexec", "net", "/sbin/route", "add", "default", "10.0.0.1").exitCode());
        assertEquals("lo0 epair0b\n".replace("lo0 epair0b", "epair0b lo0"),
                run("jexec", "net", "/sbin/ifconfig", "-l").stdoutText());
        kernel.jailRemove(jid);
        assertTrue(host.simulatedKernel().interfaces().get(0, "epair0b").isPresent(), "back on the host");
        assertEquals(0, run("ifconfig", "epair0a", "destroy").exitCode());
        assertTrue(host.simulatedKernel().interfaces().get(0, "epair0b").isEmpty(), "both ends destroyed");
    }

    @Test
    void aHostInterfaceMovesIntoAVnetJailAndIsReclaimedWithMinusVnet() {
        host.simulatedKernel().interfaces().add(0, "em1", true, "192.0.2.9/24");
        assertEquals("ifconfig: jail \"ghost\" not found\n", run("ifconfig", "em1", "-vnet", "ghost").stderrText());
        int plain = kernel.jailSet(List.of(KernelParam.text("name", "plain"), KernelParam.text("path",
                root.toString()), KernelParam.flag("persist")), KernelCalls.JAIL_CREATE).value();
        assertEquals("ifconfig: SIOCSIFVNET: Invalid argument\n", run("ifconfig", "em1", "vnet", "plain")
                .stderrText());
        assertEquals("ifconfig: SIOCSIFRVNET(" + plain + ", em1): Invalid argument\n",
                run("ifconfig", "em1", "-vnet", "plain").stderrText());
        int jid = kernel.jailSet(List.of(KernelParam.text("name", "net"), KernelParam.text("path", root.toString()),
                KernelParam.int32("vnet", 1), KernelParam.flag("persist")), KernelCalls.JAIL_CREATE).value();
        assertEquals("ifconfig: SIOCSIFRVNET(" + jid + ", em1): No such file or directory\n",
                run("ifconfig", "em1", "-vnet", "net").stderrText(), "em1 is not in the jail yet");
        assertEquals("ifconfig: SIOCSIFVNET: File exists\n", run("ifconfig", "lo0", "vnet", "net").stderrText(),
                "the jail has a lo0 of its own");
        assertEquals(0, run("ifconfig", "em1", "vnet", "net").exitCode());
        assertTrue(host.simulatedKernel().interfaces().get(0, "em1").isEmpty(), "em1 left the host");
        assertEquals(0, run("ifconfig", "-j", "net", "em1", "inet", "198.51.100.7/24", "up").exitCode());
        assertEquals(List.of("198.51.100.7/24"), host.simulatedKernel().interfaces().get(jid, "em1").orElseThrow()
                .addresses());
        assertEquals("ifconfig: -vnet: bad value\n", run("ifconfig", "em1", "-vnet").stderrText());
        assertEquals("ifconfig: up: bad value\n", run("ifconfig", "em1", "-vnet", "net", "up").stderrText());
        assertEquals("ifconfig: SIOCSIFRVNET(" + jid + ", lo0): File exists\n",
                run("ifconfig", "lo0", "-vnet", "net").stderrText());
        assertEquals(1, run("ifconfig", "-j", "net", "em1", "-vnet", "net").exitCode(), "only the host reclaims");
        assertEquals(0, run("ifconfig", "em1", "-vnet", String.valueOf(jid)).exitCode());
        Interfaces.Interface back = host.simulatedKernel().interfaces().get(0, "em1").orElseThrow();
        assertEquals(List.of(), back.addresses(), "addresses stay behind in the jail's vnet");
        assertTrue(host.simulatedKernel().interfaces().get(jid, "em1").isEmpty());
    }

    @Test
    void listingTools() {
        kernel.jailSet(List.of(KernelParam.text("name", "web"), KernelParam.text("path", root.toString()),
                KernelParam.text("host.hostname", "web.example"), KernelParam.flag("persist")),
                KernelCalls.JAIL_CREATE);
        assertEquals("   JID  IP Address      Hostname                      Path\n"
                + String.format("%6d  %-15s %-29s %s%n", 1, "", "web.example", root), run("jls").stdoutText());
        assertEquals("1 web\n", run("jls", "-j", "web", "jid", "name").stdoutText());
        assertEquals("kern.osreldate: 1401000\n", run("sysctl", "kern.osreldate").stdoutText());
        assertEquals("1401000\n", run("sysctl", "-n", "kern.osreldate").stdoutText());
        assertEquals("kern.elf64.fallback_brand: -1 -> 3\n",
                run("sysctl", "kern.elf64.fallback_brand=3").stdoutText());
        assertEquals(0, run("kldstat", "-q", "-m", "linux64elf").exitCode());
        assertEquals(0, run("kldstat", "-q", "-n", "linux64.ko").exitCode());
    }
}
