package dev.xc.devfs.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.DevfsApprover;
import dev.xc.api.spi.DevfsFeature;
import dev.xc.api.spi.DevfsFinding;
import dev.xc.api.spi.DevfsLease;
import dev.xc.api.spi.DevfsPlan;
import dev.xc.api.spi.DevfsRequest;
import dev.xc.api.spi.ProviderContext;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.devfs.SimulatedDevfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The devfs backend against the simulated FreeBSD host and its simulated devfs(8). */
class DevfsBackendTest {

    static final String BHYVE = "sha256:" + "b".repeat(64);
    static final String PLAIN = "sha256:" + "a".repeat(64);
    static final List<String> BHYVE_RULES = List.of("path vmmctl unhide", "path vmm unhide", "path 'vmm/*' unhide",
            "path 'nmdm*' unhide", "path 'tap*' unhide");

    @TempDir
    Path state;

    SimulatedDevfs devfs;
    SimulatedHost host;

    @BeforeEach
    void setUp() {
        devfs = SimulatedDevfs.withDefaultRulesets();
        host = SimulatedHost.builder().tool("devfs", devfs).build();
    }

    DevfsBackend backend(Map<String, String> settings) {
        return new DevfsBackend(new ProviderContext(host, settings, state));
    }

    DevfsBackend backend() {
        return backend(Map.of());
    }

    List<String> devfsCommands() {
        return host.journal().stream().map(Command::display).toList();
    }

    @Test
    void plainImageGetsTheBaseRulesetOnly() {
        DevfsBackend b = backend();
        DevfsLease lease = b.acquire(DevfsRequest.base("web1", false).withImage(PLAIN, List.of()),
                DevfsApprover.REFUSE);
        assertEquals(1000, lease.ruleset());
        assertTrue(lease.created());
        List<String> base = List.of("include 1", "include 2", "include 3", "path fuse unhide", "path zfs unhide");
        assertEquals(base, lease.rules());
        assertEquals(List.of("100 include 1", "200 include 2", "300 include 3", "400 path fuse unhide",
                "500 path zfs unhide"), devfs.show(1000));
        assertEquals(List.of(
                "/sbin/devfs rule showsets",
                "/sbin/devfs rule -s 1000 add 100 include 1",
                "/sbin/devfs rule -s 1000 add 200 include 2",
                "/sbin/devfs rule -s 1000 add 300 include 3",
                "/sbin/devfs rule -s 1000 add 400 path fuse unhide",
                "/sbin/devfs rule -s 1000 add 500 path zfs unhide"),
                devfsCommands().subList(devfsCommands().size() - 6, devfsCommands().size()));
    }

    @Test
    void vnetBaseAddsPf() {
        DevfsLease lease = backend().acquire(DevfsRequest.base("v1", true), DevfsApprover.REFUSE);
        assertEquals("path pf unhide", lease.rules().getLast());
        assertEquals("600 path pf unhide", devfs.show(lease.ruleset()).getLast());
    }

    @Test
    void bhyveImageAsksForApprovalThenGetsItsRuleset() {
        DevfsBackend b = backend();
        DevfsRequest req = DevfsRequest.base("vm1", false).withImage(BHYVE, BHYVE_RULES);

        DevfsPlan plan = b.plan(req);
        assertTrue(plan.needsApproval());
        assertEquals(List.of("path vmmctl unhide", "path 'vmm/*' unhide", "path 'nmdm*' unhide",
                "path 'tap*' unhide"), plan.unapproved().stream().map(DevfsFinding::rule).toList());

        int before = host.journal().size();
        XcException refused = assertThrows(XcException.class, () -> b.acquire(req, DevfsApprover.REFUSE));
        assertEquals(ErrorCode.APPROVAL_REQUIRED, refused.code());
        assertEquals(4, refused.problems().size());
        assertTrue(refused.getMessage().contains("image " + BHYVE + " asks for 4 devfs rules"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains(
                "devfs rule 'path 'vmm/*' unhide' unhides vmm/guest0, the bhyve hypervisor (the pattern 'vmm/*' matches it)"), refused.getMessage());
        assertEquals(before, host.journal().size(), "nothing ran on the host");
        assertFalse(devfs.rulesets().contains(1000));

        List<List<DevfsFinding>> asked = new ArrayList<>();
        DevfsLease lease = b.acquire(req, (r, findings) -> asked.add(findings) || true);
        assertEquals(1, asked.size());
        assertEquals(4, asked.getFirst().size());
        assertEquals(1000, lease.ruleset());
        assertEquals(List.of("100 include 1", "200 include 2", "300 include 3", "400 path fuse unhide",
                "500 path zfs unhide", "600 path vmmctl unhide", "700 path vmm unhide", "800 path vmm/* unhide",
                "900 path nmdm* unhide", "1000 path tap* unhide"), devfs.show(1000));

        // approval is remembered for the digest: a second container of the image is not asked again
        DevfsLease second = b.acquire(DevfsRequest.base("vm2", false).withImage(BHYVE, BHYVE_RULES),
                DevfsApprover.REFUSE);
        assertEquals(1000, second.ruleset());
        assertFalse(second.created());
        // ... but the same rules from another image are
        assertThrows(XcException.class, () -> b.acquire(
                DevfsRequest.base("vm3", false).withImage(PLAIN, BHYVE_RULES), DevfsApprover.REFUSE));
    }

    @Test
    void askedFeaturesNeedNoApproval() {
        DevfsRequest req = DevfsRequest.base("vm1", false).withImage(BHYVE, BHYVE_RULES)
                .withFeatures(Set.of(DevfsFeature.VMM, DevfsFeature.NMDM, DevfsFeature.TAP));
        DevfsLease lease = backend().acquire(req, DevfsApprover.REFUSE);
        assertTrue(lease.rules().contains("path 'vmm.io/*' unhide"));
        assertEquals(lease.rules().size(), devfs.show(lease.ruleset()).size());
    }

    @Test
    void preApprovedRulesNeedNoApprover() {
        DevfsRequest req = DevfsRequest.base("vm1", false).withImage(BHYVE, BHYVE_RULES)
                .withApprovedRules(List.of("path vmmctl unhide", "path vmm/* unhide", "path \"nmdm*\" unhide", "path 'tap*'   unhide"));
        assertEquals(1000, backend().acquire(req, DevfsApprover.REFUSE).ruleset());
    }

    @Test
    void sameRulesShareOneRuleset() {
        DevfsBackend b = backend();
        List<String> rules = List.of("path 'tun*' unhide");
        Set<DevfsFeature> tun = Set.of(DevfsFeature.TUN);
        DevfsLease a = b.acquire(DevfsRequest.base("a", false).withImage(PLAIN, rules).withFeatures(tun),
                DevfsApprover.REFUSE);
        DevfsLease c = b.acquire(DevfsRequest.base("c", false).withImage(BHYVE, rules).withFeatures(tun),
                DevfsApprover.REFUSE);
        assertEquals(a.ruleset(), c.ruleset());
        assertTrue(a.created());
        assertFalse(c.created());
        assertEquals(2, b.leases().size());
        assertEquals(1, host.journal().stream().filter(x -> x.argv().contains("add")
                && x.argv().contains("tun*")).count(), "created once");
    }

    @Test
    void differentEnvValuesGiveTwoRulesets() {
        DevfsBackend b = backend();
        List<String> rules = List.of("path ${CONSOLE:-nmdm0A} unhide");
        DevfsRequest base = DevfsRequest.base("a", false).withImage(PLAIN, rules)
                .withFeatures(Set.of(DevfsFeature.NMDM));
        DevfsLease a = b.acquire(base.withEnvironment(Map.of("CONSOLE", "nmdm1A")), DevfsApprover.REFUSE);
        DevfsLease c = b.acquire(new DevfsRequest("c", base.imageDigest(), rules, Map.of("CONSOLE", "nmdm2A"),
                false, base.features(), List.of(), List.of()), DevfsApprover.REFUSE);
        DevfsLease d = b.acquire(new DevfsRequest("d", base.imageDigest(), rules, Map.of("CONSOLE", "nmdm1A"),
                false, base.features(), List.of(), List.of()), DevfsApprover.REFUSE);
        assertEquals(1000, a.ruleset());
        assertEquals(1001, c.ruleset());
        assertEquals(1000, d.ruleset());
        assertTrue(a.rules().contains("path nmdm1A unhide"));
        assertTrue(c.rules().contains("path nmdm2A unhide"));
    }

    @Test
    void unsetVariableIsMissingEnv() {
        DevfsRequest req = DevfsRequest.base("a", false).withImage(PLAIN, List.of("path ${DISK} unhide"));
        XcException e = assertThrows(XcException.class, () -> backend().plan(req));
        assertEquals(ErrorCode.MISSING_ENV, e.code());
        assertEquals("devfs rule 'path ${DISK} unhide' of image " + PLAIN
                + " uses the variable DISK, which the container's environment does not set", e.getMessage());
    }

    @Test
    void releaseInEitherOrderRemovesWithTheLastOwner() {
        for (boolean firstA : new boolean[] {true, false}) {
            setUp();
            DevfsBackend b = backend(Map.of("devfs_id_offset", "2000"));
            int n = b.acquire(DevfsRequest.base("a", false), DevfsApprover.REFUSE).ruleset();
            assertEquals(n, b.acquire(DevfsRequest.base("b", false), DevfsApprover.REFUSE).ruleset());
            assertEquals(2000, n);
            b.release(firstA ? "a" : "b");
            assertTrue(devfs.rulesets().contains(n), "still used");
            assertEquals(1, b.leases().size());
            b.release(firstA ? "b" : "a");
            assertFalse(devfs.rulesets().contains(n), "removed with its last owner");
            assertTrue(b.leases().isEmpty());
            b.release("a"); // idempotent
            assertEquals(Set.of(1, 2, 3, 4, 5), Set.copyOf(devfs.rulesets()));
        }
    }

    @Test
    void numbersSkipRulesetsTheHostHas() {
        devfs.loadRulesFile("[mine=1000]\nadd path null unhide\n[other=1001]\nadd hide\n");
        DevfsBackend b = backend();
        DevfsLease lease = b.acquire(DevfsRequest.base("a", false), DevfsApprover.REFUSE);
        assertEquals(1002, lease.ruleset());
        assertEquals(List.of("100 path null unhide"), devfs.show(1000), "the host's ruleset is untouched");
        DevfsLease other = b.acquire(DevfsRequest.base("b", true), DevfsApprover.REFUSE);
        assertEquals(1003, other.ruleset());
    }

    @Test
    void stateSurvivesARestart() throws Exception {
        DevfsBackend b = backend();
        b.acquire(DevfsRequest.base("vm1", false).withImage(BHYVE, BHYVE_RULES), DevfsApprover.ACCEPT);
        assertTrue(Files.exists(state.resolve("devfs-state.properties")));
        DevfsBackend restarted = backend();
        assertEquals(List.of("vm1"), restarted.leases().stream().map(DevfsLease::owner).toList());
        DevfsLease again = restarted.acquire(DevfsRequest.base("vm2", false).withImage(BHYVE, BHYVE_RULES),
                DevfsApprover.REFUSE);
        assertEquals(1000, again.ruleset());
        assertFalse(again.created());
        restarted.release("vm1");
        restarted.release("vm2");
        assertFalse(devfs.rulesets().contains(1000));
        assertTrue(backend().leases().isEmpty());
    }

    @Test
    void aRulesetLostWithAHostRebootIsRecreated() {
        DevfsBackend b = backend();
        b.acquire(DevfsRequest.base("a", false), DevfsApprover.REFUSE);
        setUp(); // a fresh kernel: the host rebooted
        DevfsBackend after = backend();
        DevfsLease lease = after.acquire(DevfsRequest.base("b", false), DevfsApprover.REFUSE);
        assertEquals(1000, lease.ruleset());
        assertTrue(lease.created());
        assertEquals(5, devfs.show(1000).size());
    }

    @Test
    void sameOwnerOtherRulesIsAConflict() {
        DevfsBackend b = backend();
        b.acquire(DevfsRequest.base("a", false), DevfsApprover.REFUSE);
        assertEquals(1000, b.acquire(DevfsRequest.base("a", false), DevfsApprover.REFUSE).ruleset());
        XcException e = assertThrows(XcException.class,
                () -> b.acquire(DevfsRequest.base("a", true), DevfsApprover.REFUSE));
        assertEquals(ErrorCode.NAME_IN_USE, e.code());
    }

    @Test
    void forcedRulesetCreatesNothing() {
        DevfsBackend b = backend(Map.of("force_devfs_ruleset", "4"));
        int before = host.journal().size();
        assertEquals(4, b.acquire(DevfsRequest.base("a", false), DevfsApprover.REFUSE).ruleset());
        b.release("a");
        assertEquals(before, host.journal().size());
    }

    @Test
    void missingBaseRulesetsAreExplained() {
        devfs = SimulatedDevfs.create();
        host = SimulatedHost.builder().tool("devfs", devfs).build();
        XcException e = assertThrows(XcException.class,
                () -> backend().acquire(DevfsRequest.base("a", false), DevfsApprover.REFUSE));
        assertEquals(ErrorCode.HOST_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().startsWith("the host has no devfs ruleset [1, 2, 3]"), e.getMessage());
    }

    @Test
    void aFailingAddIsUndone() {
        AtomicInteger adds = new AtomicInteger();
        SimulatedDevfs real = SimulatedDevfs.withDefaultRulesets();
        devfs = real;
        host = SimulatedHost.builder().tool("devfs", cmd -> {
            if (cmd.argv().contains("add") && adds.incrementAndGet() == 3) {
                real.run(Command.of("devfs", "rule", "-s", "1000", "add", "300", "hide")); // a concurrent writer
            }
            return real.run(cmd);
        }).build();
        XcException e = assertThrows(XcException.class,
                () -> backend().acquire(DevfsRequest.base("a", false), DevfsApprover.REFUSE));
        assertEquals(ErrorCode.COMMAND_FAILED, e.code());
        assertTrue(e.getMessage().contains("'/sbin/devfs rule -s 1000 add 300 include 3' exited with status 1: "
                + "devfs rule: ioctl DEVFSIO_RADD: File exists; the rules added before it were removed"),
                e.getMessage());
        assertFalse(real.rulesets().contains(1000));
    }

    @Test
    void applyToAMountedDevfs() {
        devfs.mount("/jails/a/dev", 0);
        DevfsBackend b = backend();
        int n = b.acquire(DevfsRequest.base("a", false), DevfsApprover.REFUSE).ruleset();
        b.applyTo(n, Path.of("/jails/a/dev"));
        assertEquals(n, devfs.mounts().get("/jails/a/dev"));
        assertEquals(List.of("/jails/a/dev ruleset " + n), devfs.applied());
        XcException e = assertThrows(XcException.class, () -> b.applyTo(n, Path.of("/nowhere/dev")));
        assertTrue(e.getMessage().endsWith("devfs: open: /nowhere/dev: No such file or directory"),
                e.getMessage());
    }

    @Test
    void usdtAndDevices() {
        DevfsLease l = backend().acquire(DevfsRequest.base("a", false).withFeatures(Set.of(DevfsFeature.USDT))
                .withDevices(List.of("tap7")), DevfsApprover.REFUSE);
        assertEquals(List.of("path dtrace unhide", "path dtrace/helper unhide", "path tap7 unhide"),
                l.rules().subList(5, 8));
        XcException e = assertThrows(XcException.class, () -> backend().plan(
                DevfsRequest.base("b", false).withDevices(List.of("tap*"))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }

    @Test
    void concurrentAcquisitionsShareOneRuleset() throws Exception {
        DevfsBackend b = backend();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String owner = "c" + i;
            threads.add(Thread.ofVirtual().start(() -> b.acquire(DevfsRequest.base(owner, false)
                    .withFeatures(Set.of(DevfsFeature.USDT)), DevfsApprover.REFUSE)));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(8, b.leases().size());
        assertEquals(Set.of(1000), Set.copyOf(b.leases().stream().map(DevfsLease::ruleset).toList()));
        assertEquals(Set.of(1, 2, 3, 4, 5, 1000), Set.copyOf(devfs.rulesets()));
    }

    @Test
    void reportExample() {
        DevfsBackend b = backend();
        DevfsRequest req = DevfsRequest.base("vm1", true).withImage(BHYVE, BHYVE_RULES)
                .withFeatures(Set.of(DevfsFeature.USDT)).withDevices(List.of("tap3"));
        int start = host.journal().size();
        DevfsLease lease = b.acquire(req, (r, f) -> {
            System.out.println("approval asked for: " + f);
            return true;
        });
        System.out.println("ruleset " + lease.ruleset() + ":");
        lease.rules().forEach(r -> System.out.println("  " + r));
        System.out.println("commands:");
        host.journal().subList(start, host.journal().size()).forEach(c -> System.out.println("  " + c.display()));
        System.out.println("devfs rule -s " + lease.ruleset() + " show:");
        devfs.show(lease.ruleset()).forEach(s -> System.out.println("  " + s));
        b.release("vm1");
        System.out.println("release: " + host.journal().getLast().display());
        assertFalse(devfs.rulesets().contains(lease.ruleset()));
    }
}
