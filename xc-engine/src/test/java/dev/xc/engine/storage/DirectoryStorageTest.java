package dev.xc.engine.storage;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.FileChange;
import dev.xc.api.spi.LayerWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryStorageTest {

    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);

    @TempDir
    Path tmp;

    @Test
    void layersStackAndStayIndependentOfTheirChildren() throws IOException {
        DirectoryStorage s = new DirectoryStorage(tmp);
        try (LayerWriter w = s.beginLayer(A, Optional.empty())) {
            Files.writeString(w.root().resolve("base.txt"), "base");
            Files.createSymbolicLink(w.root().resolve("link"), Path.of("base.txt"));
            w.commit();
        }
        try (LayerWriter w = s.beginLayer(B, Optional.of(A))) {
            assertEquals("base", Files.readString(w.root().resolve("base.txt")));
            assertTrue(Files.isSymbolicLink(w.root().resolve("link")));
            Files.writeString(w.root().resolve("base.txt"), "changed");
            w.commit();
        }
        assertEquals(List.of(A, B), s.layers());
        Path root = s.createRootfs("c1", Optional.of(B));
        assertEquals("changed", Files.readString(root.resolve("base.txt")));
        Files.writeString(root.resolve("base.txt"), "container");
        assertEquals("changed", Files.readString(tmp.resolve("layers").resolve("b".repeat(64)).resolve("base.txt")));
        assertTrue(s.usedBytes(B) > 0);
        s.removeRootfs("c1");
        assertFalse(Files.exists(root));
    }

    @Test
    void aLayerClosedWithoutCommitLeavesNothing() throws IOException {
        DirectoryStorage s = new DirectoryStorage(tmp);
        Path work;
        try (LayerWriter w = s.beginLayer(A, Optional.empty())) {
            work = w.root();
            Files.writeString(work.resolve("half"), "x");
        }
        assertFalse(s.hasLayer(A));
        assertFalse(Files.exists(work));
        assertTrue(s.layers().isEmpty());
    }

    @Test
    void leftoversOfACrashAreCleanedOnOpen() throws IOException {
        new DirectoryStorage(tmp);
        Files.createDirectories(tmp.resolve("tmp/layer-crashed/etc"));
        new DirectoryStorage(tmp);
        try (var l = Files.list(tmp.resolve("tmp"))) {
            assertEquals(0, l.count());
        }
    }

    @Test
    void errorsNameTheObjectAndTheFix() {
        DirectoryStorage s = new DirectoryStorage(tmp);
        XcException missing = assertThrows(XcException.class, () -> s.beginLayer(B, Optional.of(A)));
        assertEquals(ErrorCode.BLOB_NOT_FOUND, missing.code());
        assertEquals("parent layer chain " + A + " is not stored", missing.getMessage());
        XcException badId = assertThrows(XcException.class, () -> s.hasLayer("sha256:xyz"));
        assertEquals(ErrorCode.INVALID_DIGEST, badId.code());
        XcException traversal = assertThrows(XcException.class, () -> s.createRootfs("../etc", Optional.empty()));
        assertEquals(ErrorCode.INVALID_NAME, traversal.code());
        s.createVolume("data", Map.of());
        XcException dup = assertThrows(XcException.class, () -> s.createVolume("data", Map.of()));
        assertEquals("volume 'data' already exists", dup.getMessage());
    }

    @Test
    void childLayersShareFilesByHardLinkButContainerRootsAreIndependentCopies() throws IOException {
        DirectoryStorage s = new DirectoryStorage(tmp);
        try (LayerWriter w = s.beginLayer(A, Optional.empty())) {
            Files.writeString(w.root().resolve("shared"), "base");
            w.commit();
        }
        try (LayerWriter w = s.beginLayer(B, Optional.of(A))) {
            Files.writeString(w.root().resolve("own"), "b");
            w.commit();
        }
        Path inA = tmp.resolve("layers").resolve("a".repeat(64)).resolve("shared");
        Path inB = tmp.resolve("layers").resolve("b".repeat(64)).resolve("shared");
        assertEquals(Files.getAttribute(inA, "unix:ino"), Files.getAttribute(inB, "unix:ino"));
        Path root = s.createRootfs("c1", Optional.of(B));
        assertFalse(Files.getAttribute(inB, "unix:ino").equals(Files.getAttribute(root.resolve("shared"), "unix:ino")));
        Files.writeString(root.resolve("shared"), "written in place by the container");
        assertEquals("base", Files.readString(inA));
    }

    @Test
    void diffWalksTheRootAgainstItsLayerAndUsageCountsBytes() throws IOException {
        DirectoryStorage s = new DirectoryStorage(tmp);
        try (LayerWriter w = s.beginLayer(A, Optional.empty())) {
            Files.createDirectories(w.root().resolve("etc"));
            Files.writeString(w.root().resolve("etc/rc.conf"), "x=1");
            Files.writeString(w.root().resolve("gone"), "g");
            Files.createSymbolicLink(w.root().resolve("link"), Path.of("etc"));
            w.commit();
        }
        Path root = s.createRootfs("c1", Optional.of(A));
        assertEquals(List.of(), s.diff("c1"));
        Files.writeString(root.resolve("etc/rc.conf"), "x=22");
        Files.delete(root.resolve("gone"));
        Files.delete(root.resolve("link"));
        Files.createDirectory(root.resolve("link"));
        Files.writeString(root.resolve("new"), "n");
        assertEquals(List.of(
                FileChange.of(FileChange.Kind.MODIFIED, FileChange.FileType.FILE, "/etc/rc.conf"),
                FileChange.of(FileChange.Kind.REMOVED, FileChange.FileType.FILE, "/gone"),
                FileChange.of(FileChange.Kind.REMOVED, FileChange.FileType.SYMLINK, "/link"),
                FileChange.of(FileChange.Kind.ADDED, FileChange.FileType.DIRECTORY, "/link"),
                FileChange.of(FileChange.Kind.ADDED, FileChange.FileType.FILE, "/new")), s.diff("c1"));
        Path scratch = s.createRootfs("c2", Optional.empty());
        Files.writeString(scratch.resolve("f"), "12345");
        assertEquals(List.of(FileChange.of(FileChange.Kind.ADDED, FileChange.FileType.FILE, "/f")), s.diff("c2"));
        assertEquals(5, s.usage("c2").usedBytes());
        assertTrue(s.usage("c2").availableBytes() > 0);
        assertEquals(ErrorCode.CONTAINER_NOT_FOUND, assertThrows(XcException.class, () -> s.diff("c3")).code());
        assertEquals(ErrorCode.DATASET_NOT_FOUND, assertThrows(XcException.class, () -> s.usage("c3")).code());
        s.removeRootfs("c1");
        assertEquals(ErrorCode.CONTAINER_NOT_FOUND, assertThrows(XcException.class, () -> s.diff("c1")).code());
        XcException jail = assertThrows(XcException.class, () -> s.attachDataset("zroot/x", "j"));
        assertEquals(ErrorCode.NOT_IMPLEMENTED, jail.code());
        assertEquals(List.of(), s.jailedDatasets());
    }

    /** Not a benchmark: prints what linking and copying cost on ~10k files, for the record. */
    @Test
    void tenThousandFiles() throws IOException {
        DirectoryStorage s = new DirectoryStorage(tmp);
        try (LayerWriter w = s.beginLayer(A, Optional.empty())) {
            for (int d = 0; d < 100; d++) {
                Path dir = Files.createDirectories(w.root().resolve("d" + d));
                for (int f = 0; f < 100; f++) {
                    Files.write(dir.resolve("f" + f), new byte[512]);
                }
            }
            w.commit();
        }
        long t0 = System.nanoTime();
        try (LayerWriter w = s.beginLayer(B, Optional.of(A))) {
            w.commit();
        }
        long t1 = System.nanoTime();
        s.createRootfs("c1", Optional.of(B));
        long t2 = System.nanoTime();
        List<FileChange> d = s.diff("c1");
        long t3 = System.nanoTime();
        System.out.printf("10000 files: child layer by hard links %d ms, container root by copy %d ms, diff %d ms%n",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        assertEquals(List.of(), d);
        assertEquals(10_000 * 512, s.usage("c1").usedBytes());
    }
}
