package dev.xc.engine.storage;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
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
}
