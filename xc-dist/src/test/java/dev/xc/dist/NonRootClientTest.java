package dev.xc.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * "Root may do anything; others may manage only their own containers", end to end: a real xcd (started as root, its
 * socket's group set so that {@code nobody} may connect) and the real {@code xc} run as {@code nobody} through
 * {@code setpriv}. The daemon learns who calls from the socket's peer credentials; nothing on the command line says.
 */
class NonRootClientTest {

    private static final Path MODULES = Path.of(System.getProperty("xc.modules", "target/modules"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final int NOBODY = 65534;

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    private Run xc(boolean asNobody, Path socket, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        if (asNobody) {
            argv.addAll(List.of(SETPRIV.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        argv.addAll(List.of(JAVA, "--enable-native-access=dev.xc.host,org.xerial.sqlitejdbc", "--module-path",
                MODULES.toString(), "-m", "dev.xc.cli/dev.xc.cli.Main", "--remote", "-s", socket.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("HOME", tmp.resolve("home").toString());
        pb.environment().remove("XC_SOCKET");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "xc did not finish: " + argv);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static String group65534() throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/group"))) {
            String[] f = line.split(":");
            if (f.length > 2 && f[2].equals(Integer.toString(NOBODY))) {
                return f[0];
            }
        }
        return "nogroup";
    }

    @Test
    void nobodyMayListButNotManageRootsContainersNorActOnTheHost() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "switching to nobody needs root (running as "
                + System.getProperty("user.name") + ")");
        assumeTrue(Files.isExecutable(SETPRIV), "setpriv (util-linux) is needed to run xc as nobody");
        assumeTrue(dev.xc.testkit.registry.RegistryServer.isAvailable(), "docker-registry is not installed");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "the simulated host needs bubblewrap");
        assumeFalse(System.getProperty("os.name").equals("FreeBSD"), "runs on the simulated host");
        // nobody must reach the socket (0660, group 65534) and the module path; the temp directory is 0700
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(tmp.resolve("home"));
        Path sock = run.resolve("xc.sock");
        Path log = tmp.resolve("xcd.log");
        Process xcd = new ProcessBuilder(JAVA, "--enable-native-access=dev.xc.host,org.xerial.sqlitejdbc",
                "--module-path", MODULES.toString(), "-m", "dev.xc.server/dev.xc.server.Xcd",
                "--state-dir", tmp.resolve("state").toString(), "--socket", sock.toString(), "--group", group65534())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (var registry = dev.xc.testkit.registry.RegistryServer.builder().anonymous().start()) {
            for (int i = 0; i < 600 && !Files.exists(sock); i++) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(sock), () -> "xcd did not listen: " + read(log));
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            String ref = ModulePathTest.pushImage(registry, tmp, "dist/owned", dev.xc.api.image.JailConfig.empty())
                    .toString();

            // root pulls and creates a container through the daemon: it is root's
            Run pulled = xc(false, sock, "pull", "-q", ref);
            assertEquals(0, pulled.exit(), pulled.out() + pulled.err());
            Run created = xc(false, sock, "create", "--name", "rootbox", ref, "/bin/true");
            assertEquals(0, created.exit(), created.out() + created.err());
            String id = created.out().strip();

            // nobody may list ...
            Run ps = xc(true, sock, "ps", "-H");
            assertEquals(0, ps.exit(), ps.out() + ps.err());
            assertTrue(ps.out().contains("rootbox"), ps.out());

            // ... but not kill or remove root's container ...
            String belongs = "belongs to uid 0, not to user 'nobody' (uid 65534)";
            for (List<String> args : List.of(List.of("kill", "rootbox"), List.of("rm", "-f", id))) {
                Run r = xc(true, sock, args.toArray(String[]::new));
                assertEquals(5, r.exit(), args + ": " + r.out() + r.err()); // PERMISSION_DENIED: precondition
                assertTrue(r.err().startsWith("xc: permission denied: container '" + args.getLast() + "' " + belongs),
                        args + ": " + r.err());
                assertTrue(r.err().contains("hint: only the user who created a container, or root, may manage it"),
                        r.err());
            }

            // ... nor act on the host
            Run net = xc(true, sock, "network", "create", "n1", "10.9.0.0/24");
            assertEquals(5, net.exit(), net.out() + net.err());
            assertTrue(net.err().contains("xc: permission denied: user 'nobody' (uid 65534) may not create networks"
                    + " (POST /v1/networks); only root may"), net.err());
            assertTrue(net.err().contains("hint: run the command as root, e.g. with sudo or doas"), net.err());
            Run rmi = xc(true, sock, "image", "rm", ref);
            assertEquals(5, rmi.exit(), rmi.out() + rmi.err());
            assertTrue(rmi.err().contains("xc: permission denied: user 'nobody' (uid 65534) may not remove images"),
                    rmi.err());

            // nothing changed: root still sees its container and the image
            Run after = xc(false, sock, "ps", "-H");
            assertTrue(after.out().contains("rootbox"), after.out());
            Run images = xc(false, sock, "images", "-H");
            assertTrue(images.out().contains("dist/owned"), images.out());
        } finally {
            xcd.destroy();
            if (!xcd.waitFor(20, TimeUnit.SECONDS)) {
                xcd.destroyForcibly();
            }
        }
        assertFalse(Files.exists(sock), "the socket is removed on a clean stop");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
