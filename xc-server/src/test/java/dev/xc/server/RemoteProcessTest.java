package dev.xc.server;

import dev.xc.api.Engine;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.NetworkSpec;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code xcd} as a process: started from its main class, stopped by SIGTERM; and a caller that is not root. */
class RemoteProcessTest {

    @TempDir
    Path tmp;

    private static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    @Test
    void xcdStartsServesAndStopsCleanlyOnSigterm() throws Exception {
        String mp = System.getProperty("jdk.module.path");
        assumeTrue(mp != null, "the tests run on the module path");
        Path sock = tmp.resolve("run/xc.sock");
        Path log = tmp.resolve("xcd.log");
        Process p = new ProcessBuilder(java().toString(), "--enable-native-access=ALL-UNNAMED",
                "--module-path", mp, "-m", "dev.xc.server/dev.xc.server.Xcd",
                "--embedded-default", "--state-dir", tmp.resolve("state").toString(), "--socket", sock.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            for (int i = 0; i < 200 && !Files.exists(sock); i++) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(sock), () -> "xcd did not listen: " + read(log));
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            try (Engine remote = Daemons.remote(sock)) {
                assertEquals("remote", remote.info().mode());
                assertEquals(sock.toString(), remote.info().configuration().get("socket_path"));
                remote.createNetwork(new NetworkSpec("web", Cidr.parse("10.3.0.0/24"), Optional.of("lo1"),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
                assertEquals(1, remote.networks().size());
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "xcd stops on SIGTERM");
            assertFalse(Files.exists(sock), "the socket is removed on a clean stop");
            String out = read(log);
            assertTrue(out.contains("xcd: listening on " + sock), out);
            assertTrue(out.contains("xcd: stopping (signal)"), out);
        } finally {
            p.destroyForcibly();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** A real caller that is not root: python3 run as nobody through setpriv, speaking raw HTTP. */
    @Test
    void aCallerThatIsNotRootMayReadButNotCreate() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(setpriv) && Files.isExecutable(python), "setpriv and python3 are needed");
        assumeTrue("root".equals(System.getProperty("user.name")), "switching users needs root");
        String group = Files.readString(Path.of("/etc/group")).contains("\nnogroup:") ? "nogroup" : "nobody";
        Path dir = Files.createDirectory(tmp.resolve("pub"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path sock = dir.resolve("xc.sock");
        try (Engine e = Daemons.embedded(tmp.resolve("engine"));
             XcdServer s = XcdServer.start(e, sock, Optional.of(group), Daemons.LOG::add)) {
            String get = asNobody(setpriv, python, group, sock, "GET", "/v1/peer");
            assertTrue(get.startsWith("200 "), get);
            assertTrue(get.contains("\"uid\":65534"), get);
            assertTrue(get.contains("\"root\":false"), get);
            assertTrue(asNobody(setpriv, python, group, sock, "GET", "/v1/networks").startsWith("200 "));
            String post = asNobody(setpriv, python, group, sock, "POST", "/v1/networks");
            assertTrue(post.startsWith("403 "), post);
            assertTrue(post.contains("\"code\":\"permission-denied\""), post);
            assertTrue(post.contains("permission denied: user 'nobody' (uid 65534) may not create networks "
                    + "(POST /v1/networks); only root may"), post);
            assertTrue(e.networks().isEmpty(), "nothing was created");
        }
    }

    private static String asNobody(Path setpriv, Path python, String group, Path sock, String method, String path)
            throws Exception {
        String script = String.join("\n",
                "import socket, sys",
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
                "s.connect(sys.argv[1])",
                "body = b'{\"name\":\"x\",\"subnet\":\"10.9.0.0/24\"}' if sys.argv[2] == 'POST' else b''",
                "head = sys.argv[2] + ' ' + sys.argv[3] + ' HTTP/1.1\\r\\nHost: xcd\\r\\nConnection: close\\r\\n'",
                "head += 'Content-Length: %d\\r\\n\\r\\n' % len(body)",
                "s.sendall(head.encode() + body)",
                "data = b''",
                "while True:",
                "    chunk = s.recv(65536)",
                "    if not chunk: break",
                "    data += chunk",
                "text = data.decode()",
                "print(text[9:12] + ' ' + text.split('\\r\\n\\r\\n', 1)[1])");
        List<String> cmd = new ArrayList<>(List.of(setpriv.toString(), "--reuid=nobody", "--regid=" + group,
                "--clear-groups", python.toString(), "-c", script, sock.toString(), method, path));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return out;
    }
}
