package dev.xc.jail;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.JailRuntime;
import dev.xc.api.spi.JailSpec;
import dev.xc.api.spi.JailStatus;
import dev.xc.api.spi.MountSpec;
import dev.xc.api.spi.ProcessExit;
import dev.xc.api.spi.ProcessSpec;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Signal;
import dev.xc.api.spi.SupervisedProcess;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.kernel.SimulatedKernel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real backend, end to end, against the simulated FreeBSD host. */
class FreeBsdJailBackendTest {

    @TempDir
    Path tmp;
    SimulatedHost host;
    JailRuntime runtime;
    Path root;

    @BeforeEach
    void setUp() throws IOException {
        host = SimulatedHost.create();
        FreeBsdJailProvider provider = new FreeBsdJailProvider();
        assertTrue(provider.isSupported(host).supported());
        runtime = provider.create(new ProviderContext(host, Map.of(), tmp.resolve("state")));
        root = busyboxRoot(tmp.resolve("root"));
    }

    /** A root directory with bin/busybox and its applets as symlinks. */
    static Path busyboxRoot(Path root) throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("root"));
        Files.createDirectories(root.resolve("tmp"));
        Path busybox = Path.of("/bin/busybox");
        if (Files.isExecutable(busybox)) {
            Files.copy(busybox, root.resolve("bin/busybox"));
            for (String applet : List.of("sh", "echo", "sleep", "cat", "hostname", "ls", "env", "id", "pwd")) {
                Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
            }
        }
        Files.writeString(root.resolve("etc/passwd"), "root:*:0:0:Charlie &:/root:/bin/sh\n"
                + "www:*:80:80:World Wide Web Owner:/nonexistent:/usr/sbin/nologin\n");
        return root;
    }

    static boolean sandboxAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/bwrap")) && Files.isExecutable(Path.of("/bin/busybox"));
    }

    @Test
    void createsWithEveryParameterTypeAndFindsAndRemoves() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("host.hostname", "web.example");
        params.put("devfs_ruleset", "10");
        params.put("enforce_statfs", "1");
        params.put("allow.raw_sockets", "true");
        params.put("allow.mount", "false");
        params.put("ip4.addr", "192.0.2.10");
        params.put("ip6", "disable");
        params.put("host.hostid", "42");
        params.put("sysvshm", "new");
        int jid = runtime.create(new JailSpec("web", root, params, List.of()));
        assertTrue(jid > 0);
        assertEquals(Optional.of(new JailStatus("web", jid, root)), runtime.find("web"));
        assertEquals(List.of(new JailStatus("web", jid, root)), runtime.list());

        SimulatedKernel.Jail j = host.simulatedKernel().jail("web").orElseThrow();
        assertEquals("web.example", j.parameters().get("host.hostname"));
        assertEquals(10, j.parameters().get("devfs_ruleset"));
        assertEquals(1, j.parameters().get("enforce_statfs"));
        assertEquals(1, j.parameters().get("allow.raw_sockets"));
        assertEquals(0, j.parameters().get("allow.mount"));
        assertEquals(1, j.parameters().get("persist"));
        assertEquals(42L, j.parameters().get("host.hostid"));
        assertEquals(List.of(InetAddress.ofLiteral("192.0.2.10")), j.addresses());
        String set = host.calls().stream().filter(c -> c.startsWith("jail_set(")).findFirst().orElseThrow();
        assertEquals("jail_set(name=web path=" + root + " allow.nomount allow.raw_sockets devfs_ruleset=10 "
                + "enforce_statfs=1 host.hostid=42L host.hostname=web.example ip4.addr=<4 bytes> ip6=0 sysvshm=1 "
                + "persist, 0x1) = " + jid, set);

        XcException dup = assertThrows(XcException.class,
                () -> runtime.create(new JailSpec("web", root, Map.of(), List.of())));
        assertEquals(ErrorCode.NAME_IN_USE, dup.code());

        runtime.remove("web");
        assertEquals(Optional.empty(), runtime.find("web"));
        runtime.remove("web");
    }

    @Test
    void kernelRefusalsComeBackWithTheKernelsText() {
        XcException e = assertThrows(XcException.class, () -> runtime.create(new JailSpec("web", root,
                Map.of("ip4.addr", "10.9.9.9"), List.of())));
        assertEquals(ErrorCode.SYSCALL_FAILED, e.code());
        assertTrue(e.getMessage().startsWith("jail_set failed while creating jail 'web': ip address 10.9.9.9 is "
                + "not configured on any host interface"), e.getMessage());

        XcException vnet = assertThrows(XcException.class, () -> runtime.create(new JailSpec("web", root,
                Map.of("vnet", "new", "ip4.addr", "192.0.2.10"), List.of())));
        assertEquals(ErrorCode.INVALID_ARGUMENT, vnet.code());
        assertEquals(0, host.calls().stream().filter(c -> c.startsWith("jail_set(name=web path=" + root
                + " ip4.addr") && c.contains("vnet")).count(), "validated before the call");

        XcException missing = assertThrows(XcException.class, () -> runtime.create(new JailSpec("web",
                tmp.resolve("nope"), Map.of(), List.of())));
        assertEquals("jail_set failed while creating jail 'web': errno 2 ENOENT", missing.getMessage());
    }

    @Test
    void mountsInOrderAndTeardownInReverse() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path resolv = Files.writeString(tmp.resolve("resolv.conf"), "nameserver 192.0.2.1\n");
        List<MountSpec> mounts = List.of(
                new MountSpec("devfs", "devfs", "/dev", List.of("ruleset=10")),
                new MountSpec("fdescfs", "fdescfs", "/dev/fd", List.of()),
                new MountSpec("tmpfs", "tmpfs", "/dev/shm", List.of("mode=1777")),
                new MountSpec("procfs", "proc", "/proc", List.of()),
                new MountSpec("nullfs", data.toString(), "/data", List.of("ro")),
                new MountSpec("nullfs", resolv.toString(), "/etc/resolv.conf", List.of()));
        runtime.create(new JailSpec("web", root, Map.of(), mounts));
        List<SimulatedKernel.Mount> table = host.simulatedKernel().mounts();
        assertEquals(List.of(root.resolve("dev"), root.resolve("dev/fd"), root.resolve("dev/shm"),
                root.resolve("proc"), root.resolve("data"), root.resolve("etc/resolv.conf")),
                table.stream().map(SimulatedKernel.Mount::fspath).toList());
        assertEquals(Map.of("ruleset", "10"), table.getFirst().options());
        assertTrue(table.get(4).readOnly(), "a read-only volume is mounted read-only");
        assertTrue(Files.isRegularFile(root.resolve("etc/resolv.conf")), "single-file mount point is a file");

        runtime.remove("web");
        assertEquals(List.of(), host.simulatedKernel().mounts());
        List<String> unmounts = host.calls().stream().filter(c -> c.startsWith("unmount(")).toList();
        assertEquals(List.of("unmount(" + root + "/etc/resolv.conf, 0x0) = 0", "unmount(" + root + "/data, 0x0) = 0",
                "unmount(" + root + "/proc, 0x0) = 0", "unmount(" + root + "/dev/shm, 0x0) = 0",
                "unmount(" + root + "/dev/fd, 0x0) = 0", "unmount(" + root + "/dev, 0x0) = 0"), unmounts);
    }

    @Test
    void aFailedMountUndoesTheMountsBefore() {
        List<MountSpec> mounts = List.of(
                new MountSpec("devfs", "devfs", "/dev", List.of("ruleset=10")),
                new MountSpec("nullfs", tmp.resolve("missing").toString(), "/data", List.of()));
        XcException e = assertThrows(XcException.class, () -> runtime.create(new JailSpec("web", root, Map.of(),
                mounts)));
        assertTrue(e.getMessage().startsWith("nmount failed while mounting nullfs " + tmp.resolve("missing")),
                e.getMessage());
        assertEquals(List.of(), host.simulatedKernel().mounts());
        assertEquals(Optional.empty(), runtime.find("web"));

        XcException link = assertThrows(XcException.class, () -> {
            Files.createSymbolicLink(root.resolve("escape"), Path.of("/etc"));
            runtime.create(new JailSpec("web", root, Map.of(),
                    List.of(new MountSpec("tmpfs", "tmpfs", "/escape/x", List.of()))));
        });
        assertTrue(link.getMessage().endsWith("escape is a symbolic link"), link.getMessage());
    }

    @Test
    void linuxJailNeedsTheAbiAndGetsItsMounts() {
        SimulatedHost bare = SimulatedHost.builder().info(new dev.xc.api.spi.HostInfo("FreeBSD", "14.1-RELEASE",
                Optional.of(1401000), "amd64", java.util.Set.of("kernel"), false, false, true, false, true)).build();
        JailRuntime rt = new FreeBsdJailProvider().create(new ProviderContext(bare, Map.of(), tmp.resolve("s2")));
        XcException e = assertThrows(XcException.class, () -> rt.create(new JailSpec("lx", root,
                LinuxJails.parameters("5.15.0"), List.of())));
        assertEquals(ErrorCode.SANITY_CHECK_FAILED, e.code());
        assertEquals("the Linux ABI is not loaded: 'kldstat -q -n linux64' exited with status 1", e.getMessage());
        assertTrue(e.hint().startsWith("load it with 'kldload linux64'"));

        bare.commands().check(dev.xc.api.spi.Command.of("kldload", "linux64"));
        rt.create(new JailSpec("lx", root, LinuxJails.parameters("5.15.0"), LinuxJails.mounts(4)));
        assertEquals("5.15.0", bare.simulatedKernel().jail("lx").orElseThrow().parameters().get("linux.osrelease"));
        assertEquals(List.of("devfs", "fdescfs", "tmpfs", "linprocfs", "linsysfs"),
                bare.simulatedKernel().mounts().stream().map(SimulatedKernel.Mount::fsType).toList());
        rt.remove("lx");
        assertEquals(List.of(), bare.simulatedKernel().mounts());
    }

    @Test
    void runsAProcessInTheJailWithRealOutputAndStatus() throws Exception {
        Assumptions.assumeTrue(sandboxAvailable(), "bwrap and busybox are needed");
        runtime.create(new JailSpec("web", root, Map.of("host.hostname", "web.example"),
                List.of(new MountSpec("devfs", "devfs", "/dev", List.of("ruleset=4")))));
        Path out = tmp.resolve("out.log");
        Path err = tmp.resolve("err.log");
        SupervisedProcess p = runtime.start("web", ProcessSpec.of(List.of("/bin/sh", "-c",
                "echo hi; hostname; echo $GREETING; pwd; echo oops >&2; exit 3"), out, err)
                .withEnvironment(Map.of("GREETING", "hello")).withWorkingDirectory("/tmp"));
        assertEquals(Optional.of(ProcessExit.exited(3)), p.waitFor(Duration.ofSeconds(20)));
        assertEquals("hi\nweb.example\nhello\n/tmp\n", Files.readString(out));
        assertEquals("oops\n", Files.readString(err));
        assertTrue(host.calls().contains("$ spawn jexec web /bin/sh -c 'cd -- \"$0\" && exec \"$@\"' /tmp /bin/sh -c "
                + "'echo hi; hostname; echo $GREETING; pwd; echo oops >&2; exit 3'"), host.calls()::toString);
    }

    @Test
    void killsBySignalAndJailRemovalEndsProcesses() throws Exception {
        Assumptions.assumeTrue(sandboxAvailable(), "bwrap and busybox are needed");
        runtime.create(new JailSpec("web", root, Map.of(), List.of()));
        Path out = tmp.resolve("out.log");
        SupervisedProcess p = runtime.start("web", ProcessSpec.of(List.of("/bin/sh", "-c",
                "trap 'echo got TERM; exit 7' TERM; echo ready; while true; do sleep 0.1; done"), out,
                tmp.resolve("err.log")));
        awaitText(out, "ready\n");
        p.signal(Signal.TERM);
        assertEquals(Optional.of(ProcessExit.exited(7)), p.waitFor(Duration.ofSeconds(20)));
        assertEquals("ready\ngot TERM\n", Files.readString(out));

        Path out2 = tmp.resolve("out2.log");
        SupervisedProcess q = runtime.start("web", ProcessSpec.of(List.of("/bin/sh", "-c", "echo up; exec sleep 60"),
                out2, tmp.resolve("err2.log")));
        awaitText(out2, "up\n");
        q.signal(Signal.KILL);
        assertEquals(Optional.of(ProcessExit.killed(9)), q.waitFor(Duration.ofSeconds(20)));

        Path out3 = tmp.resolve("out3.log");
        SupervisedProcess r = runtime.start("web", ProcessSpec.of(List.of("/bin/sleep", "60"), out3,
                tmp.resolve("err3.log")));
        assertTrue(r.isAlive());
        runtime.remove("web");
        assertTrue(r.waitFor(Duration.ofSeconds(20)).isPresent(), "jail_remove killed it");
        assertFalse(r.isAlive());
    }

    @Test
    void startingInAMissingJailIsNotFound() {
        XcException e = assertThrows(XcException.class, () -> runtime.start("ghost",
                ProcessSpec.of(List.of("/bin/sh"), tmp.resolve("o"), tmp.resolve("e"))));
        assertEquals(ErrorCode.CONTAINER_NOT_FOUND, e.code());
    }

    static void awaitText(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).equals(text)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("never saw " + text + " in " + file);
    }
}
