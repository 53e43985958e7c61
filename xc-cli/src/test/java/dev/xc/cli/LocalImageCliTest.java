package dev.xc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code xc image import/get-config/set-config/patch} and {@code xc volume} on the embedded engine of this host
 * (none of them needs a jail runtime). Runs of imported images are tested on the simulated host in xc-dist.
 */
class LocalImageCliTest {

    @TempDir
    Path tmp;

    record Out(int exit, String out, String err) {
    }

    private Out xc(String... args) {
        // the engine flags go first: what follows '--' in an import is the entry point's arguments
        List<String> a = new ArrayList<>(List.of("--embedded", "--state-dir", tmp.resolve("state").toString()));
        a.addAll(List.of(args));
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int rc = Main.run(a.toArray(String[]::new), new PrintWriter(o), new PrintWriter(e),
                Map.of("HOME", tmp.toString()));
        return new Out(rc, o.toString(), e.toString());
    }

    private Path tree() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/motd"), "hello\n");
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox"));
        return root;
    }

    @Test
    void importPatchGetAndSetTheConfig() throws Exception {
        Out imported = xc("image", "import", "-q", tree().toString(), "local/app:1", "--entry-point", "/bin/sh",
                "-e", "GREETING=hello", "--", "-c", "echo $GREETING");
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(imported.out().matches("imported local/app:1 sha256:[0-9a-f]{64} freebsd/\\S+ \\(1 layer, .*\\)\n"),
                imported.out());

        JsonNode cfg = new ObjectMapper().readTree(xc("image", "get-config", "local/app:1").out());
        assertEquals("/bin/sh", cfg.at("/entry_points/main/exec").asText());
        assertEquals("[\"-c\",\"echo $GREETING\"]", cfg.at("/entry_points/main/default_args").toString());
        assertEquals("main", cfg.get("default_entry_point").asText());
        assertEquals("hello", cfg.at("/envs/GREETING/default_value").asText());

        Out patched = xc("image", "patch", "local/app:1", "add-volume", "--name", "data", "--hint",
                "zfs.compression=off", "--required", "/data");
        assertEquals(0, patched.exit(), patched.err());
        assertTrue(patched.out().startsWith("patched local/app:1 sha256:"), patched.out());
        assertEquals(0, xc("image", "patch", "local/app:1", "add-exec", "-n", "greet", "-e", "NAME", "/bin/echo",
                "hi").exit());
        assertEquals(0, xc("image", "patch", "local/app:1", "mod-allow", "raw_sockets").exit());
        cfg = new ObjectMapper().readTree(xc("image", "get-config", "local/app:1").out());
        assertEquals("off", cfg.at("/mounts/data/volume_hints/zfs.compression").asText());
        assertTrue(cfg.at("/mounts/data/required").asBoolean());
        assertEquals("[\"NAME\"]", cfg.at("/entry_points/greet/required_envs").toString());
        assertEquals("[\"raw_sockets\"]", cfg.get("allow").toString());

        Out dup = xc("image", "patch", "local/app:1", "add-volume", "/data");
        assertEquals(2, dup.exit());
        assertTrue(dup.err().startsWith("xc: the image already has a volume at /data\n"), dup.err());
        Out noEp = xc("image", "patch", "local/app:1", "default-entry-point", "nope");
        assertEquals(2, noEp.exit());
        assertTrue(noEp.err().startsWith("xc: the image has no entry point 'nope' (it has: main, greet)"), noEp.err());

        // set-config takes the original's xc_extension JSON, here wrapped as an image config's config object
        Path file = tmp.resolve("c.json");
        Files.writeString(file, "{\"xc_extension\": {\"secure_level\": 0, \"ports\": {}, \"devfs_rules\": [],"
                + " \"allow\": [], \"entry_points\": {}, \"special_mounts\": [], \"mounts\": {}}}");
        Out set = xc("image", "set-config", "local/app:1", file.toString());
        assertEquals(0, set.exit(), set.err());
        cfg = new ObjectMapper().readTree(xc("image", "get-config", "local/app:1").out());
        assertEquals("{}", cfg.get("entry_points").toString());

        Files.writeString(file, "ports: {}");
        Out bad = xc("image", "set-config", "local/app:1", file.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("xc: config file " + file + " is not JSON: "), bad.err());
    }

    @Test
    void importNeedsAnEntryPointForArgumentsAndAnExistingPath() throws Exception {
        Out noEp = xc("image", "import", tree().toString(), "local/x:1", "echo", "hi");
        assertEquals(2, noEp.exit());
        assertTrue(noEp.err().startsWith("xc: arguments after the reference (echo hi) need --entry-point\n"),
                noEp.err());
        Out missing = xc("image", "import", tmp.resolve("none").toString(), "local/x:1");
        assertEquals(7, missing.exit(), missing.err());
        assertTrue(missing.err().startsWith("xc: cannot import " + tmp.resolve("none")), missing.err());
    }

    @Test
    void volumesAreCreatedListedAndRemoved() throws Exception {
        Out created = xc("volume", "create", "pgdata");
        assertEquals(0, created.exit(), created.err());
        assertTrue(created.out().startsWith("created volume pgdata (directory) at "), created.out());
        Out zfs = xc("volume", "create", "-o", "compression=lz4", "z");
        assertEquals(7, zfs.exit());
        assertTrue(zfs.err().startsWith("xc: volume 'z' asks for the zfs driver, but the storage backend is "
                + "'directory'\n"), zfs.err());
        Out badOpt = xc("volume", "create", "-o", "compression", "z");
        assertEquals(2, badOpt.exit());
        assertTrue(badOpt.err().contains("accepted formats are $key=$value"), badOpt.err());
        Out list = xc("volume", "list");
        assertTrue(list.out().startsWith("NAME    DRIVER     DEVICE"), list.out());
        assertTrue(list.out().contains("\npgdata  directory  "), list.out());
        JsonNode json = new ObjectMapper().readTree(xc("volume", "list", "--json").out());
        assertEquals("pgdata", json.get(0).get("name").asText());
        assertEquals(0, json.get(0).get("usedBytes").asLong());
        assertEquals("[]", json.get(0).get("usedBy").toString());
        assertEquals("removed volume pgdata\n", xc("volume", "rm", "pgdata").out());
        Out gone = xc("volume", "rm", "pgdata");
        assertEquals(3, gone.exit());
        assertTrue(gone.err().startsWith("xc: no such volume pgdata\n"), gone.err());
    }
}
