package dev.xc.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xc.testkit.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole path, end to end, as a user at a shell takes it: a real {@code xcd} on a real UNIX socket (on the
 * simulated FreeBSD host, with pf), the {@code xc} command line in separate JVMs on the assembled module path, and a
 * real {@code docker-registry} on 127.0.0.1. A busybox image with a jail configuration (a required variable with a
 * description, a volume with ZFS hints, an exposed port) is imported, pushed, removed, pulled back and run with
 * {@code -e}, a named volume, a managed network address and a published port; {@code ps}, {@code exec}, {@code logs},
 * {@code rdr list} and the pf state show it; after {@code kill} and {@code rm} nothing of it is left on the host.
 */
class EndToEndTest {

    private static final Path MODULES = Path.of(System.getProperty("xc.modules", "target/modules"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    static RegistryServer registry;

    @TempDir
    static Path tmp;
    static Path socket;
    static Process xcd;

    record Run(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\nstdout:\n" + out + "stderr:\n" + err;
        }
    }

    @BeforeAll
    static void startRegistry() throws Exception {
        assumeTrue(RegistryServer.isAvailable(), "docker-registry is not installed");
        assumeFalse(System.getProperty("os.name").equals("FreeBSD"), "runs on the simulated host");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")) && Files.isExecutable(Path.of("/bin/busybox")),
                "needs bubblewrap and busybox");
        registry = RegistryServer.builder().anonymous().start();
        startXcd();
    }

    @AfterAll
    static void stopEverything() throws IOException {
        if (registry != null) {
            registry.close();
        }
        if (xcd != null) {
            xcd.destroyForcibly();
        }
        // sandboxes outlive their daemon by design: end any a failed test left behind
        Path file = tmp.resolve("state/host/simulated-host.json");
        if (Files.exists(file)) {
            JSON.readTree(file.toFile()).path("kernel").path("processes").forEach(list -> list.forEach(p ->
                    ProcessHandle.of(p.get(0).asLong()).ifPresent(h -> {
                        h.descendants().forEach(ProcessHandle::destroyForcibly);
                        h.destroyForcibly();
                    })));
        }
    }

    /** One daemon for the class: each test leaves the host as it found it, which the first one checks. */
    private static void startXcd() throws Exception {
        Path conf = tmp.resolve("xc.conf");
        Files.writeString(conf, """
                ext_ifs: [em0]
                firewall: pf
                storage: directory
                """);
        socket = tmp.resolve("xc.sock");
        Path log = tmp.resolve("xcd.log");
        ProcessBuilder pb = new ProcessBuilder(JAVA, "--enable-native-access=ALL-UNNAMED", "--module-path",
                MODULES.toString(), "-m", "dev.xc.server/dev.xc.server.Xcd", "--config", conf.toString(),
                "--state-dir", tmp.resolve("state").toString(), "--socket", socket.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HOME", tmp.toString());
        xcd = pb.start();
        await("xcd to listen: " + log, () -> Files.exists(socket) || !xcd.isAlive());
        assertTrue(xcd.isAlive(), () -> "xcd exited: " + read(log));
    }

    /** {@code xc ARGS} in its own JVM, talking to the daemon only ({@code XC_SOCKET}, {@code --remote}). */
    private static Run xc(String... args) throws IOException, InterruptedException {
        // a class-data archive made by the first run and a quick compiler: these are short-lived JVMs
        List<String> argv = new ArrayList<>(List.of(JAVA, "-XX:+AutoCreateSharedArchive",
                "-XX:SharedArchiveFile=" + tmp.resolve("xc-cli.jsa"), "-Xlog:disable", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "--module-path", MODULES.toString(), "-m",
                "dev.xc.cli/dev.xc.cli.Main"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("XC_SOCKET", socket.toString());
        pb.environment().put("HOME", tmp.toString());
        pb.environment().remove("XC_STATE_DIR");
        Path out = Files.createTempFile(tmp, "xc", ".out");
        Path err = Files.createTempFile(tmp, "xc", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "xc did not finish: " + argv);
        return new Run(p.exitValue(), read(out), read(err));
    }

    private static Run ok(String... args) throws IOException, InterruptedException {
        Run r = xc(args);
        assertEquals(0, r.exit(), () -> "xc " + String.join(" ", args) + "\n" + r.all());
        return r;
    }

    private static Path busyboxImage() throws IOException {
        Path root = tmp.resolve("rootfs");
        if (Files.isDirectory(root)) {
            return root;
        }
        for (String d : List.of("bin", "etc", "root", "tmp", "dev", "data")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String applet : List.of("sh", "echo", "cat", "sleep", "hostname", "true")) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Files.writeString(root.resolve("etc/passwd"), "root:*:0:0:Charlie &:/root:/bin/sh\n");
        return root;
    }

    /** The jail configuration in the original's JSON form, as {@code xc image get-config} prints it. */
    private static Path jailConfig() throws IOException {
        Path file = tmp.resolve("jail.json");
        Files.writeString(file, """
                {
                  "secure_level": 0, "devfs_rules": [], "allow": [], "special_mounts": [],
                  "ports": {"80/tcp": "http"},
                  "envs": {
                    "DB_PASSWORD": {"description": "password of the application database", "required": true},
                    "GREETING": {"description": "what to say", "required": false, "default_value": "hello"}
                  },
                  "mounts": {
                    "data": {"description": "application data", "destination": "/data",
                             "volume_hints": {"zfs.compression": "off", "zfs.recordsize": "16K"},
                             "read_only": false, "required": false}
                  },
                  "entry_points": {
                    "main": {"exec": "/bin/sh",
                             "args": ["-c", "echo $GREETING from $(hostname) with $DB_PASSWORD; sleep 300"],
                             "environ": {}, "default_args": [], "required_envs": []}
                  },
                  "default_entry_point": "main"
                }
                """);
        return file;
    }

    private static JsonNode hostState() throws IOException {
        return JSON.readTree(tmp.resolve("state/host/simulated-host.json").toFile());
    }

    @Test
    void pushPullRunInspectAndTearDownThroughTheDaemon() throws Exception {
        String remote = registry.host() + "/e2e/app:1";

        // an image made here, pushed, forgotten locally, and pulled back from the registry
        Run imported = ok("image", "import", "-q", "-f", jailConfig().toString(), busyboxImage().toString(),
                "e2e/app:1");
        assertTrue(imported.out().startsWith("imported e2e/app:1 sha256:"), imported.out());
        String digest = imported.out().split(" ")[2];
        Run pushed = ok("push", "e2e/app:1", remote);
        assertEquals("pushed e2e/app:1 to " + remote + " " + digest + "\n", pushed.out());
        assertTrue(pushed.err().contains("image manifest"), pushed.err());
        assertTrue(Files.exists(registry.storage().resolve("docker/registry/v2/repositories/e2e/app/_manifests/tags/1")),
                "the registry holds the tag");
        Run again = ok("push", "e2e/app:1", remote);
        assertTrue(again.err().contains("already there"), "a second push skips the blobs: " + again.err());
        ok("image", "remove", "e2e/app:1");
        Run pulled = ok("pull", remote);
        assertTrue(pulled.out().startsWith("pulled " + remote + " " + digest + " "), pulled.out());

        // what the image declares is described
        Run described = ok("image", "describe", remote);
        assertTrue(described.out().contains("DB_PASSWORD"), described.out());
        assertTrue(described.out().contains("password of the application database"), described.out());
        assertTrue(described.out().contains("zfs.compression"), described.out());

        ok("network", "create", "--alias", "em0", "appnet", "10.77.0.0/24");
        ok("volume", "create", "-i", remote, "-v", "data", "appdata");
        JsonNode before = hostState();
        int rulesetsBefore = before.path("devfs").path("rulesets").size();

        Run run = ok("run", "-d", "--name", "app", "-e", "DB_PASSWORD=s3cret", "-v", "appdata:/data",
                "--network", "appnet", "-p", "8080:80", remote);
        String id = run.out().strip();
        assertTrue(id.matches("[0-9a-f]{12,}"), run.all());

        // the main process's output is in the logs
        await("the main process to print", () -> {
            try {
                return xc("logs", "app").out().contains("hello from app with s3cret");
            } catch (Exception e) {
                return false;
            }
        });
        // ps shows it running with its address
        Run ps = ok("ps", "-H");
        String line = ps.out().lines().filter(l -> List.of(l.split("\\s+")).contains("app")).findFirst()
                .orElseThrow(() -> new AssertionError(ps.all()));
        assertTrue(line.contains("running"), ps.out());
        assertTrue(line.contains("10.77.0.1"), ps.out());
        // exec runs a command inside the jail, which sees the volume
        Run exec = ok("exec", "app", "/bin/sh", "-c", "hostname; echo written > /data/f; cat /data/f");
        assertEquals("app\nwritten\n", exec.out(), exec.all());
        // the published port is a redirect in pf
        Run rdr = ok("rdr", "list", "-H", "app");
        assertTrue(rdr.out().contains("8080") && rdr.out().contains("80"), rdr.all());
        JsonNode pf = hostState().path("pfctl");
        String pfText = pf.toString();
        assertTrue(pfText.contains("xc:network:appnet"), pfText);
        assertTrue(pfText.contains("10.77.0.1"), pfText);
        assertTrue(pfText.contains("xc-rdr"), pfText);
        assertTrue(pfText.contains("8080"), pfText);
        assertEquals(1, hostState().path("kernel").path("jails").size(), hostState().toString());
        assertEquals(1, JSON.readTree(ok("network", "inspect", "appnet").out()).path("allocated").asInt(),
                "one address is taken");

        // kill and remove: nothing remains
        ok("kill", "app");
        ok("rm", "app");
        assertFalse(ok("ps", "-H").out().contains(" app"), "no container is listed");
        JsonNode after = hostState();
        assertEquals(0, after.path("kernel").path("jails").size(), after.toString());
        assertEquals(0, after.path("kernel").path("mounts").size(), after.path("kernel").toString());
        assertFalse(after.path("kernel").path("interfaces").toString().contains("10.77.0.1"),
                after.path("kernel").toString());
        assertEquals(rulesetsBefore, after.path("devfs").path("rulesets").size(), "no devfs ruleset is left");
        String pfAfter = after.path("pfctl").toString();
        assertFalse(pfAfter.contains("10.77.0.1"), "the table is empty: " + pfAfter);
        assertFalse(pfAfter.contains("8080"), "the anchor is empty: " + pfAfter);
        assertEquals(0, JSON.readTree(ok("network", "inspect", "appnet").out()).path("allocated").asInt(),
                "the address is free");
        try (Stream<Path> files = Files.walk(tmp.resolve("state"))) {
            List<Path> roots = files.filter(p -> p.getFileName().toString().startsWith(id.substring(0, 12))
                    && Files.isDirectory(p)).toList();
            assertEquals(List.of(), roots, "no root directory of the container is left");
        }
        // the volume keeps what the container wrote
        assertTrue(ok("volume", "list", "-H").out().startsWith("appdata "), "the volume stays");
    }

    @Test
    void aMissingRequiredVariableStopsTheRunNamingItAndItsDescription() throws Exception {
        ok("image", "import", "-q", "-f", jailConfig().toString(), busyboxImage().toString(), "e2e/required:1");
        Run run = xc("run", "--name", "nope", "e2e/required:1");
        assertEquals(5, run.exit(), run.all());
        assertTrue(run.err().contains("DB_PASSWORD"), run.err());
        assertTrue(run.err().contains("password of the application database"), run.err());
        assertTrue(run.err().contains("-e DB_PASSWORD="), run.err());
        assertEquals("", ok("ps", "-H").out().strip(), "nothing was created");
        assertEquals(0, hostState().path("kernel").path("jails").size());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
