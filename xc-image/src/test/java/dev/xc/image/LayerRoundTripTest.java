package dev.xc.image;

import dev.xc.host.fs.FileCalls;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.testkit.image.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Directory → layer → unpack gives the same tree; the same input gives the same bytes. */
class LayerRoundTripTest {

    @TempDir
    Path tmp;

    private static final FileTime T = FileTime.from(Instant.ofEpochSecond(1_700_000_000L));

    private Path sampleTree(String name) throws IOException {
        Path r = tmp.resolve(name);
        Files.createDirectories(r.resolve("etc/rc.d"));
        Files.createDirectories(r.resolve("usr/local/bin"));
        Files.createDirectories(r.resolve("var/empty"));
        Files.writeString(r.resolve("etc/rc.conf"), "sshd_enable=YES\n");
        Files.writeString(r.resolve("etc/rc.d/app"), "#!/bin/sh\n");
        FileCalls.chmod(r.resolve("etc/rc.d/app"), 0755);
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 251);
        }
        Files.write(r.resolve("usr/local/bin/tool"), data);
        FileCalls.chmod(r.resolve("usr/local/bin/tool"), 04755);
        Files.createSymbolicLink(r.resolve("usr/local/bin/t"), Path.of("tool"));
        Files.createLink(r.resolve("usr/local/bin/tool-hard"), r.resolve("usr/local/bin/tool"));
        Files.writeString(r.resolve("usr/local/" + "long".repeat(40)), "long name");
        FileCalls.mknod(r.resolve("var/fifo"), FileCalls.S_IFIFO, 0600, 0, 0);
        FileCalls.lsetxattr(r.resolve("etc/rc.conf"), "user.origin", "test".getBytes(StandardCharsets.UTF_8));
        if ("root".equals(System.getProperty("user.name"))) {
            FileCalls.lchown(r.resolve("etc/rc.conf"), 1001, 1002);
            FileCalls.lchown(r.resolve("usr/local/bin/t"), 7, 8);
        }
        try (var s = Files.walk(r)) {
            for (Path p : s.toList()) {
                FileCalls.lutimes(p, T, T);
            }
        }
        return r;
    }

    private static List<UnpackResult> unpack(byte[] layer, Path into) {
        return new LayerUnpacker(UnpackOptions.defaults()).unpackAll(List.of(new LayerSource(
                () -> new ByteArrayInputStream(layer), "", Optional.empty(), Optional.empty())), into);
    }

    @Test
    void directoryToLayerToDirectoryIsTheSameTree() throws IOException {
        Path src = sampleTree("src");
        for (Compression c : Compression.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BuiltLayer built = LayerBuilder.create(c).full(src, out);
            assertEquals(c.ociMediaType(), built.mediaType());
            assertEquals(out.size(), built.size());
            assertEquals(Digest.sha256(out.toByteArray()), built.digest());
            Path dst = tmp.resolve("dst-" + c);
            Files.createDirectories(dst);
            UnpackResult r = unpack(out.toByteArray(), dst).getFirst();
            assertEquals(built.diffId(), r.diffId());
            assertEquals(built.digest(), r.digest());
            assertEquals(c, r.compression());
            TreeSnapshot a = TreeSnapshot.of(src, true);
            TreeSnapshot b = TreeSnapshot.of(dst, true);
            assertEquals(a, b, () -> a.diff(b));
            assertEquals(2, b.nodes().get("usr/local/bin/tool").nlink());
        }
    }

    @Test
    void sameInputGivesTheSameDigest() throws IOException {
        Path a = sampleTree("a");
        Path b = sampleTree("b");
        for (Compression c : Compression.values()) {
            ByteArrayOutputStream o1 = new ByteArrayOutputStream();
            ByteArrayOutputStream o2 = new ByteArrayOutputStream();
            ByteArrayOutputStream o3 = new ByteArrayOutputStream();
            BuiltLayer l1 = LayerBuilder.create(c).full(a, o1);
            BuiltLayer l2 = LayerBuilder.create(c).full(b, o2);
            BuiltLayer l3 = LayerBuilder.create(c).workers(1).full(a, o3);
            assertEquals(l1, l2);
            assertEquals(l1, l3, "the zstd worker count must not change the output");
            assertArrayEquals(o1.toByteArray(), o2.toByteArray());
        }
    }

    @Test
    void normalizedMtimeIsApplied() throws IOException {
        Path a = sampleTree("a");
        ByteArrayOutputStream o1 = new ByteArrayOutputStream();
        ByteArrayOutputStream o2 = new ByteArrayOutputStream();
        BuiltLayer real = LayerBuilder.create(Compression.NONE).full(a, o1);
        BuiltLayer norm = LayerBuilder.create(Compression.NONE).normalizeMtime(Instant.EPOCH).full(a, o2);
        assertNotEquals(real.diffId(), norm.diffId());
        Path dst = tmp.resolve("dst");
        Files.createDirectories(dst);
        unpack(o2.toByteArray(), dst);
        assertEquals(0, Files.getLastModifiedTime(dst.resolve("etc/rc.conf")).toMillis());
    }

    @Test
    void diffOfTwoStatesAppliesOnTopOfTheLowerOne() throws IOException {
        Path lower = sampleTree("lower");
        Path upper = sampleTree("upper");
        Files.writeString(upper.resolve("etc/rc.conf"), "sshd_enable=NO\n");
        Files.delete(upper.resolve("etc/rc.d/app"));
        Files.writeString(upper.resolve("etc/new"), "new");
        try (var s = Files.walk(upper.resolve("var/empty"))) {
            s.count();
        }
        Files.delete(upper.resolve("var/empty"));
        Files.writeString(upper.resolve("var/empty"), "was a directory");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuiltLayer layer = LayerBuilder.create(Compression.ZSTD).diff(Optional.of(lower), upper, out);
        assertTrue(layer.entries() < 10, "only the changes: " + layer.entries());

        Path applied = tmp.resolve("applied");
        Files.createDirectories(applied);
        ByteArrayOutputStream base = new ByteArrayOutputStream();
        LayerBuilder.create(Compression.GZIP).full(lower, base);
        new LayerUnpacker(UnpackOptions.defaults()).unpackAll(List.of(
                new LayerSource(() -> new ByteArrayInputStream(base.toByteArray()), "", Optional.empty(),
                        Optional.empty()),
                new LayerSource(() -> new ByteArrayInputStream(out.toByteArray()), MediaTypes.OCI_LAYER_ZSTD,
                        Optional.of(layer.digest()), Optional.of(layer.diffId()))), applied);
        TreeSnapshot want = TreeSnapshot.of(upper, true).filter(k -> !k.startsWith("etc") && !k.startsWith("var"));
        TreeSnapshot got = TreeSnapshot.of(applied, true).filter(k -> !k.startsWith("etc") && !k.startsWith("var"));
        assertEquals(want, got, () -> want.diff(got));
        assertEquals("sshd_enable=NO\n", Files.readString(applied.resolve("etc/rc.conf")));
        assertFalse(Files.exists(applied.resolve("etc/rc.d/app")));
        assertEquals("new", Files.readString(applied.resolve("etc/new")));
        assertEquals("was a directory", Files.readString(applied.resolve("var/empty")));
    }

    @Test
    void layerFromZfsDiffChanges() throws IOException {
        Path root = sampleTree("root");
        String diff = "M\t/jails/c1/etc\n+\t/jails/c1/etc/new\\0040file\n-\t/jails/c1/etc/gone\n"
                + "R\t/jails/c1/usr/local\t/jails/c1/usr/moved\n";
        Files.move(root.resolve("usr/local"), root.resolve("usr/moved"));
        Files.writeString(root.resolve("etc/new file"), "x");
        List<LayerChange> changes = LayerChange.parseZfsDiff(diff, "/jails/c1");
        assertEquals(List.of(new LayerChange.Modified("etc"), new LayerChange.Added("etc/new file"),
                new LayerChange.Removed("etc/gone"), new LayerChange.Renamed("usr/local", "usr/moved")), changes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerBuilder.create(Compression.NONE).fromChanges(root, changes, out);
        List<String> names = new java.util.ArrayList<>();
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new ByteArrayInputStream(out.toByteArray()))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertEquals(List.of("etc/", "etc/.wh.gone", "etc/new file", "usr/.wh.local", "usr/moved/",
                "usr/moved/bin/", "usr/moved/bin/t", "usr/moved/bin/tool", "usr/moved/bin/tool-hard",
                "usr/moved/" + "long".repeat(40)), names);
    }

    @Test
    void malformedZfsDiffIsRejected() {
        XcException x = assertThrows(XcException.class, () -> LayerChange.parseZfsDiff("X\t/a/b\n", "/a"));
        assertEquals(ErrorCode.INVALID_SYNTAX, x.code());
        assertEquals("invalid zfs diff line 'X\t/a/b': unknown change flag 'X'", x.getMessage());
        XcException y = assertThrows(XcException.class, () -> LayerChange.parseZfsDiff("+\t/elsewhere/b\n", "/a"));
        assertTrue(y.getMessage().contains("is not under the mount point '/a'"), y.getMessage());
    }
}
