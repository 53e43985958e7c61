package dev.xc.zfs;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.LayerWriter;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Storage;
import dev.xc.api.spi.StorageUsage;
import dev.xc.testkit.zfs.ZfsFuse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
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

/**
 * The zfs backend against a real ZFS: zfs-fuse with a pool on a file. Covers what zfs-fuse supports (create,
 * snapshot, clone, destroy, set, get, list); where it lacks a feature (zfs diff, zfs jail, list -p) the test checks
 * that the backend says so, and {@link ZfsStorageSimulatedTest} covers the feature. Skipped, with the reason, where
 * zfs-fuse cannot run.
 */
class ZfsFuseTest {

    static final String BASE = "sha256:" + "1".repeat(64);
    static final String APP_A = "sha256:" + "a".repeat(64);
    static final String APP_B = "sha256:" + "b".repeat(64);

    @TempDir
    static Path tmp;
    static ZfsFuse fuse;
    static Storage storage;

    @BeforeAll
    static void start() {
        try {
            fuse = ZfsFuse.start(tmp);
        } catch (ZfsFuse.Unavailable e) {
            Assumptions.abort("zfs-fuse is unavailable here: " + e.getMessage());
        }
        for (String ds : List.of("xc/datasets", "xc/run", "xc/volumes")) {
            fuse.host().commands().check(Command.of("zfs", "create", "-p", fuse.pool() + "/" + ds));
        }
        storage = new ZfsProvider().create(new ProviderContext(fuse.host(), Map.of(
                "image_dataset", fuse.pool() + "/xc/datasets", "container_dataset", fuse.pool() + "/xc/run",
                "default_volume_dataset", fuse.pool() + "/xc/volumes", "destroy_retry_ms", "200"), tmp));
    }

    @AfterAll
    static void stop() {
        if (fuse != null) {
            fuse.close();
        }
    }

    private static List<String> zfs(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "zfs";
        System.arraycopy(args, 0, argv, 1, args.length);
        return fuse.host().commands().check(Command.of(argv)).stdoutLines();
    }

    @Test
    void layersContainersVolumesAndRemovalOnRealZfs() throws IOException {
        String pool = fuse.pool();
        try (LayerWriter w = storage.beginLayer(BASE, Optional.empty())) {
            Files.writeString(w.root().resolve("base.txt"), "base");
            w.commit();
        }
        for (String app : List.of(APP_A, APP_B)) {
            try (LayerWriter w = storage.beginLayer(app, Optional.of(BASE))) {
                assertEquals("base", Files.readString(w.root().resolve("base.txt")));
                Files.writeString(w.root().resolve("app.txt"), app);
                w.commit();
            }
        }
        try (LayerWriter w = storage.beginLayer("sha256:" + "c".repeat(64), Optional.of(BASE))) {
            Files.writeString(w.root().resolve("aborted"), "x");
        }
        assertEquals(List.of(BASE, APP_A, APP_B), storage.layers());
        String baseDs = pool + "/xc/datasets/" + "1".repeat(64);
        assertEquals(List.of(baseDs + "@xc"), zfs("get", "-H", "-o", "value", "origin",
                pool + "/xc/datasets/" + "a".repeat(64)));
        assertEquals(List.of("layer"), zfs("get", "-H", "-o", "value", "xc:kind", baseDs));

        Path root = storage.createRootfs("c1", Optional.of(APP_A));
        assertEquals("base", Files.readString(root.resolve("base.txt")));
        Files.write(root.resolve("extra"), new byte[200_000]);
        // ZFS accounts space when the transaction group syncs, so only the shape is checked here; exact numbers
        // are checked against the simulated zfs
        StorageUsage u = storage.usage("c1");
        assertTrue(u.referencedBytes() > 0 && u.usedBytes() <= u.referencedBytes(), u.toString());
        assertTrue(u.availableBytes() > 0 && u.availableBytes() < (128L << 20), u.toString());

        // zfs-fuse has no 'zfs diff': the backend says so (the simulated host covers diff)
        XcException diff = assertThrows(XcException.class, () -> storage.diff("c1"));
        assertEquals(ErrorCode.HOST_UNSUPPORTED, diff.code());
        // nor 'zfs jail' (the simulated host covers jailed datasets)
        XcException jail = assertThrows(XcException.class, () -> storage.attachDataset(pool + "/xc/volumes", "j1"));
        assertEquals(ErrorCode.HOST_UNSUPPORTED, jail.code());
        assertEquals(List.of("off"), zfs("get", "-H", "-o", "value", "zoned", pool + "/xc/volumes"));

        Path v = storage.createVolume("data", Map.of("zfs.compression", "gzip-9", "zfs.atime", "off"));
        assertTrue(Files.isDirectory(v));
        assertEquals(List.of("gzip-9", "off"), zfs("get", "-H", "-o", "value", "compression,atime",
                pool + "/xc/volumes/data"));
        // zfs-fuse predates lz4: zfs refuses, the message says which volume and what ZFS said
        XcException lz4 = assertThrows(XcException.class,
                () -> storage.createVolume("fast", Map.of("zfs.compression", "lz4")));
        assertEquals(ErrorCode.INVALID_IMAGE_CONFIG, lz4.code());
        assertTrue(lz4.getMessage().startsWith("ZFS refused the hints of volume 'fast': cannot create '"
                + pool + "/xc/volumes/fast': 'compression' must be one of"), lz4.getMessage());
        // and has no special_small_blocks at all: found by asking this ZFS, before zfs create
        XcException absent = assertThrows(XcException.class,
                () -> storage.createVolume("small", Map.of("zfs.special_small_blocks", "64K")));
        assertEquals("volume hint 'zfs.special_small_blocks=64K' of volume 'small' names a property this ZFS"
                + " does not have", absent.getMessage());

        XcException inUse = assertThrows(XcException.class, () -> storage.removeLayer(APP_A));
        assertEquals(ErrorCode.DATASET_IN_USE, inUse.code());
        storage.removeRootfs("c1");
        storage.removeVolume("data");
        storage.removeLayer(APP_A);
        storage.removeLayer(APP_B);
        storage.removeLayer(BASE);
        assertEquals(List.of(), storage.layers());
        assertFalse(Files.exists(root.resolve("extra")));
        assertEquals(List.of(pool, pool + "/xc", pool + "/xc/datasets", pool + "/xc/run", pool + "/xc/volumes"),
                zfs("list", "-H", "-o", "name", "-t", "all", "-r", pool));
    }
}
