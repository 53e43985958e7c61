package dev.xc.image;

import dev.xc.api.image.Digest;
import dev.xc.testkit.image.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Unpack conformance against {@code umoci unpack}: a three-layer image covering every entry type and whiteout
 * case is written as an OCI image layout, unpacked by umoci and by us, and the trees compared (paths, types, modes,
 * owners, link targets, hard-link counts, device numbers, xattrs, contents, file times). Needs root and
 * {@code /usr/bin/umoci} (Debian package {@code umoci}).
 */
class UmociConformanceTest {

    private static final Path UMOCI = Path.of("/usr/bin/umoci");

    @TempDir
    Path tmp;

    static List<byte[]> layers() {
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >> 11));
        }
        String longName = "deep/" + "n".repeat(90) + "/" + "m".repeat(90) + "/file-with-a-long-name.txt";
        byte[] l1 = new Tars()
                .dir("bin").dir("etc").dir("usr", 0755, 0, 0).dir("usr/bin").dir("home", 0755, 0, 0)
                .dir("home/user", 0700, 1000, 1000).dir("tmp", 01777, 0, 0).dir("dev")
                .dir("deep").dir("deep/" + "n".repeat(90)).dir("deep/" + "n".repeat(90) + "/" + "m".repeat(90))
                .file("bin/sh", 0755, 0, 0, "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), Map.of())
                .file("usr/bin/su", 04755, 0, 0, "setuid".getBytes(StandardCharsets.UTF_8), Map.of())
                .file("usr/bin/wall", 02755, 0, 5, "setgid".getBytes(StandardCharsets.UTF_8), Map.of())
                .file("etc/passwd", "root:x:0:0::/root:/bin/sh\n")
                .file("etc/shadow", 0600, 0, 42, "root:*::\n".getBytes(StandardCharsets.UTF_8), Map.of())
                .file("home/user/.profile", 0644, 1000, 1000, "export A=1\n".getBytes(StandardCharsets.UTF_8),
                        Map.of("user.note", "hello", "user.other", "second"))
                .file("home/user/empty", 0640, 1000, 1000, new byte[0], Map.of())
                .file("usr/bin/big", 0755, 0, 0, big, Map.of())
                .file(longName, "long\n")
                .symlink("bin/rsh", "sh").symlink("etc/localtime", "/usr/share/zoneinfo/UTC")
                .symlink("usr/bin/longlink", "../../" + "x".repeat(150), 1000, 1000)
                .symlink("lib", "usr/lib")
                .hardlink("bin/sh-hard", "bin/sh")
                .fifo("tmp/fifo", 0620)
                .device("dev/null", true, 1, 3).device("dev/sda", false, 8, 0)
                .dir("var").dir("var/cache").file("var/cache/a", "a").file("var/cache/b", "b")
                .dir("var/cache/sub").file("var/cache/sub/c", "c")
                .dir("opt").dir("opt/old").file("opt/old/f", "old").file("opt/keep", "keep")
                .file("replace-me-with-dir", "file").dir("replace-me-with-file").file("replace-me-with-file/x", "x")
                .symlink("link-to-replace", "etc/passwd")
                .gzip();
        byte[] l2 = new Tars()
                .dir("var").dir("var/cache")
                .whiteout("var/cache/.wh..wh..opq")
                .file("var/cache/new", "new in layer 2")
                .dir("opt").whiteout("opt/.wh.old")
                .whiteout(".wh.replace-me-with-dir").dir("replace-me-with-dir", 0750, 0, 0)
                .file("replace-me-with-dir/inside", "inside")
                .file("replace-me-with-file", "now a file")
                .file("link-to-replace", "no longer a link")
                .file("etc/passwd", "root:x:0:0::/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n")
                .dir("home").dir("home/user", 0700, 1000, 1000).whiteout("home/user/.wh.empty")
                .gzip();
        byte[] l3 = new Tars()
                .dir("usr").dir("usr/bin").hardlink("usr/bin/su2", "usr/bin/su")
                .dir("etc").file("etc/motd", 0444, 0, 0, "welcome\n".getBytes(StandardCharsets.UTF_8), Map.of())
                .whiteout("bin/.wh.rsh")
                .gzip();
        return List.of(l1, l2, l3);
    }

    /** Writes an OCI image layout holding {@code layers} (gzip) under the tag {@code t}. */
    static void writeLayout(Path layout, List<byte[]> layers) throws IOException {
        BlobStore store = BlobStore.open(layout);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        List<OciDescriptor> descs = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        for (byte[] l : layers) {
            Digest d = store.put(l);
            descs.add(OciDescriptor.of(MediaTypes.OCI_LAYER_GZIP, d, l.length));
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(l))) {
                diffIds.add(Digest.sha256(in.readAllBytes()));
            }
        }
        OciImageConfig config = new OciImageConfig("amd64", "linux",
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), diffIds, List.of(),
                Optional.empty(), Optional.empty(), Optional.empty());
        byte[] cfg = ImageJson.write(config);
        Digest cd = store.put(cfg);
        byte[] manifest = ImageJson.write(new OciManifest(2, MediaTypes.OCI_MANIFEST,
                OciDescriptor.of(MediaTypes.OCI_CONFIG, cd, cfg.length), descs, Map.of()));
        Digest md = store.put(manifest);
        OciDescriptor entry = new OciDescriptor(MediaTypes.OCI_MANIFEST, md, manifest.length, Optional.empty(),
                Map.of("org.opencontainers.image.ref.name", "t"), List.of(), Optional.empty());
        Files.write(layout.resolve("index.json"), ImageJson.write(new OciIndex(2, MediaTypes.OCI_INDEX,
                List.of(entry), Map.of())));
        Files.delete(layout.resolve("tmp"));
        Files.delete(layout.resolve("blobs/sha512"));
    }

    static void umociUnpack(Path layout, Path bundle) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(UMOCI.toString(), "unpack", "--image", layout + ":t", bundle.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "umoci timed out");
        assertEquals(0, p.exitValue(), "umoci unpack failed:\n" + out);
    }

    @Test
    void unpackMatchesUmoci() throws Exception {
        assumeTrue(Files.isExecutable(UMOCI), "umoci is not installed (apt-get install umoci)");
        assumeTrue("root".equals(System.getProperty("user.name")), "owners and devices need root");
        List<byte[]> layers = layers();
        Path layout = tmp.resolve("layout");
        writeLayout(layout, layers);
        Path bundle = tmp.resolve("bundle");
        umociUnpack(layout, bundle);

        Path ours = tmp.resolve("ours");
        Files.createDirectories(ours);
        BlobStore store = BlobStore.open(layout);
        OciManifest m = ImageJson.readManifest(store.read(ImageJson.readIndex(
                Files.readAllBytes(layout.resolve("index.json"))).manifests().getFirst().digest()));
        List<LayerSource> sources = m.layers().stream()
                .map(d -> LayerSource.ofFile(store.pathOf(d.digest()), d.mediaType(), Optional.of(d.digest())))
                .toList();
        List<UnpackResult> results = new LayerUnpacker(UnpackOptions.defaults()
                .withDevices(UnpackOptions.DevicePolicy.CREATE)).unpackAll(sources, ours);
        assertEquals(3, results.size());
        assertTrue(results.getFirst().ownershipApplied());

        TreeSnapshot theirs = TreeSnapshot.of(bundle.resolve("rootfs"), true);
        TreeSnapshot mine = TreeSnapshot.of(ours, true);
        assertEquals(theirs, mine, () -> theirs.diff(mine));
        // the comparison is meaningful: the tree holds every kind of entry and the whiteouts took effect
        Map<String, TreeSnapshot.Node> n = mine.nodes();
        for (String type : List.of("dir", "file", "symlink", "fifo", "chardev", "blockdev")) {
            assertTrue(n.values().stream().anyMatch(x -> x.type().equals(type)), type);
        }
        assertEquals(List.of("var/cache/new"), n.keySet().stream().filter(k -> k.startsWith("var/cache/")).toList());
        assertTrue(!n.containsKey("opt/old") && n.containsKey("opt/keep") && !n.containsKey("bin/rsh"));
        assertEquals("dir", n.get("replace-me-with-dir").type());
        assertEquals("file", n.get("replace-me-with-file").type());
        assertEquals(2, n.get("usr/bin/su").nlink());
        assertEquals(04755, n.get("usr/bin/su").mode());
        assertEquals("hello", n.get("home/user/.profile").xattrs().get("user.note"));
        assertEquals(1000, n.get("home/user/.profile").uid());
    }
}
