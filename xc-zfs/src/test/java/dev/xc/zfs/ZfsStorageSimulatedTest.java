package dev.xc.zfs;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.FileChange;
import dev.xc.api.spi.JailedDataset;
import dev.xc.api.spi.LayerWriter;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Storage;
import dev.xc.api.spi.StorageUsage;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.zfs.SimulatedZfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The zfs backend against the simulated FreeBSD host's zfs. */
class ZfsStorageSimulatedTest {

    static final String BASE = "sha256:" + "1".repeat(64);
    static final String APP_A = "sha256:" + "a".repeat(64);
    static final String APP_B = "sha256:" + "b".repeat(64);
    static final String APP_C = "sha256:" + "c".repeat(64);

    @TempDir
    Path tmp;
    SimulatedZfs zfs;
    SimulatedHost host;
    Storage storage;

    @BeforeEach
    void setUp() {
        zfs = SimulatedZfs.create(tmp, "zroot");
        host = SimulatedHost.builder().tool("zfs", zfs).build();
        run("create", "-p", "zroot/xc/datasets");
        run("create", "-p", "zroot/xc/run");
        run("create", "-p", "zroot/xc/volumes");
        storage = storage(Map.of());
    }

    private Storage storage(Map<String, String> extra) {
        Map<String, String> s = new LinkedHashMap<>(Map.of("image_dataset", "zroot/xc/datasets",
                "container_dataset", "zroot/xc/run", "default_volume_dataset", "zroot/xc/volumes",
                "destroy_retry_ms", "1"));
        s.putAll(extra);
        return new ZfsProvider().create(new ProviderContext(host, s, tmp.resolve("state")));
    }

    private SimulatedHost.Outcome run(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "zfs";
        System.arraycopy(args, 0, argv, 1, args.length);
        return zfs.run(Command.of(argv));
    }

    private void layer(String chain, Optional<String> parent, String file, String content) throws IOException {
        try (LayerWriter w = storage.beginLayer(chain, parent)) {
            Files.writeString(w.root().resolve(file), content);
            w.commit();
        }
    }

    private List<String> zfsCommands(int from) {
        return host.journal().subList(from, host.journal().size()).stream().map(Command::display).toList();
    }

    @Test
    void pullOfThreeImagesSharingABaseClonesTheBaseOnce() throws IOException {
        int start = host.journal().size();
        layer(BASE, Optional.empty(), "base.txt", "base");
        for (String app : List.of(APP_A, APP_B, APP_C)) {
            assertTrue(storage.hasLayer(BASE));
            layer(app, Optional.of(BASE), "app.txt", app);
        }
        assertEquals(List.of(BASE, APP_A, APP_B, APP_C), storage.layers());
        String tree = zfs.tree();
        String baseDs = "zroot/xc/datasets/" + "1".repeat(64);
        for (String hex : List.of("a", "b", "c")) {
            String ds = "zroot/xc/datasets/" + hex.repeat(64);
            assertTrue(tree.contains(ds + "  origin=" + baseDs + "@xc  xc:created_by=xc  xc:kind=layer"
                    + "  xc:chain_id=sha256:" + hex.repeat(64) + "\n"), tree);
            assertEquals("base", Files.readString(zfs.mountpoint(ds).resolve("base.txt")));
        }
        assertTrue(tree.contains(baseDs + "\n") || tree.contains(baseDs + "  xc:"), tree);
        long creates = zfsCommands(start).stream().filter(c -> c.startsWith("zfs create")).count();
        assertEquals(1, creates, "only the base is created; the rest are clones");
        assertEquals(3, zfsCommands(start).stream().filter(c -> c.startsWith("zfs clone")).count());
        // the layer writer's commands for the first chain, exactly
        List<String> first = zfsCommands(start).subList(0, 7);
        assertEquals(List.of(
                "zfs get -H -p -o value xc:chain_id " + baseDs + "@xc",
                "zfs list -H -o name -t all " + baseDs,
                "zfs create -o xc:created_by=xc -o xc:kind=layer -o xc:chain_id=" + BASE + " " + baseDs,
                "zfs get -H -p -o value mountpoint " + baseDs,
                "zfs snapshot " + baseDs + "@xc",
                "zfs get -H -p -o value xc:chain_id " + baseDs + "@xc",
                "zfs get -H -p -o value xc:chain_id zroot/xc/datasets/" + "a".repeat(64) + "@xc"), first);
    }

    @Test
    void anAbortedLayerLeavesNoDatasetAndACrashLeftoverIsReplaced() throws IOException {
        try (LayerWriter w = storage.beginLayer(BASE, Optional.empty())) {
            Files.writeString(w.root().resolve("half"), "x");
        }
        assertFalse(zfs.exists("zroot/xc/datasets/" + "1".repeat(64)));
        // a crash between create and snapshot leaves a tagged dataset without @xc
        run("create", "-o", "xc:created_by=xc", "-o", "xc:kind=layer", "zroot/xc/datasets/" + "1".repeat(64));
        assertFalse(storage.hasLayer(BASE));
        layer(BASE, Optional.empty(), "f", "ok");
        assertTrue(storage.hasLayer(BASE));
        // a dataset we did not make is never touched
        run("create", "zroot/xc/datasets/" + "2".repeat(64));
        XcException e = assertThrows(XcException.class,
                () -> storage.beginLayer("sha256:" + "2".repeat(64), Optional.empty()));
        assertEquals(ErrorCode.DATASET_IN_USE, e.code());
        assertEquals("dataset zroot/xc/datasets/" + "2".repeat(64) + " (for layer sha256:" + "2".repeat(64)
                + ") was not created by xc, so xc leaves it alone", e.getMessage());
    }

    @Test
    void containerRootIsACloneOfTheImageAndDiffListsItsChanges() throws IOException {
        layer(BASE, Optional.empty(), "etc.conf", "v1");
        try (LayerWriter w = storage.beginLayer(APP_A, Optional.of(BASE))) {
            Files.createDirectories(w.root().resolve("usr/local"));
            Files.writeString(w.root().resolve("usr/local/keep"), "k");
            Files.writeString(w.root().resolve("gone"), "g");
            w.commit();
        }
        int start = host.journal().size();
        Path root = storage.createRootfs("web1", Optional.of(APP_A));
        List<String> runCommands = zfsCommands(start);
        String img = "zroot/xc/datasets/" + "a".repeat(64);
        assertEquals(List.of(
                "zfs list -H -o name -t all zroot/xc/run/web1",
                "zfs get -H -p -o value xc:chain_id " + img + "@xc",
                "zfs clone -o xc:created_by=xc -o xc:kind=rootfs -o xc:container=web1 " + img + "@xc zroot/xc/run/web1",
                "zfs snapshot zroot/xc/run/web1@init",
                "zfs get -H -p -o value mountpoint zroot/xc/run/web1"), runCommands);
        assertEquals(zfs.mountpoint("zroot/xc/run/web1"), root);
        assertEquals("v1", Files.readString(root.resolve("etc.conf")));
        assertTrue(storage.diff("web1").isEmpty(), storage.diff("web1").toString());

        Files.writeString(root.resolve("etc.conf"), "v2 longer");
        Files.writeString(root.resolve("new file"), "n");
        Files.delete(root.resolve("gone"));
        List<FileChange> d = storage.diff("web1");
        assertEquals(List.of(
                FileChange.of(FileChange.Kind.MODIFIED, FileChange.FileType.FILE, "/etc.conf"),
                FileChange.of(FileChange.Kind.REMOVED, FileChange.FileType.FILE, "/gone"),
                FileChange.of(FileChange.Kind.ADDED, FileChange.FileType.FILE, "/new file")), d);
        // the image is untouched
        assertEquals("v1", Files.readString(zfs.mountpoint(img).resolve("etc.conf")));
        XcException dup = assertThrows(XcException.class, () -> storage.createRootfs("web1", Optional.of(APP_A)));
        assertEquals("a root for container web1 already exists", dup.getMessage());
        XcException none = assertThrows(XcException.class, () -> storage.diff("nope"));
        assertEquals(ErrorCode.CONTAINER_NOT_FOUND, none.code());
    }

    @Test
    void destroyOrderContainersThenChildChainsThenTheBase() throws IOException {
        layer(BASE, Optional.empty(), "f", "b");
        layer(APP_A, Optional.of(BASE), "g", "a");
        storage.createRootfs("c1", Optional.of(APP_A));

        XcException baseBusy = assertThrows(XcException.class, () -> storage.removeLayer(BASE));
        assertEquals(ErrorCode.DATASET_IN_USE, baseBusy.code());
        assertEquals("layer chain " + BASE + " is still the origin of zroot/xc/datasets/" + "a".repeat(64),
                baseBusy.getMessage());
        XcException appBusy = assertThrows(XcException.class, () -> storage.removeLayer(APP_A));
        assertEquals("layer chain " + APP_A + " is still the origin of zroot/xc/run/c1", appBusy.getMessage());

        int start = host.journal().size();
        storage.removeRootfs("c1");
        assertTrue(zfsCommands(start).contains("zfs destroy -r zroot/xc/run/c1"));
        assertFalse(zfs.exists("zroot/xc/run/c1@init"));
        storage.removeLayer(APP_A);
        storage.removeLayer(BASE);
        assertEquals(List.of(), storage.layers());
        storage.removeRootfs("c1");
        storage.removeLayer(BASE);
        assertEquals("zroot\nzroot/xc\nzroot/xc/datasets\nzroot/xc/run\nzroot/xc/volumes\n", zfs.tree());
    }

    @Test
    void aBusyDatasetIsRetriedThenReportedWithoutHalfRemoving() throws IOException {
        layer(BASE, Optional.empty(), "f", "b");
        storage.createRootfs("c1", Optional.of(BASE));
        zfs.busy("zroot/xc/run/c1", 1);
        storage.removeRootfs("c1");
        assertFalse(zfs.exists("zroot/xc/run/c1"));

        storage.createRootfs("c2", Optional.of(BASE));
        zfs.busy("zroot/xc/run/c2", 10);
        int start = host.journal().size();
        XcException e = assertThrows(XcException.class, () -> storage.removeRootfs("c2"));
        assertEquals(ErrorCode.DATASET_IN_USE, e.code());
        assertEquals("cannot remove root of container c2: zroot/xc/run/c2 stayed busy after 3 attempts "
                + "(cannot destroy 'zroot/xc/run/c2': dataset is busy)", e.getMessage());
        assertEquals(3, zfsCommands(start).stream().filter(c -> c.equals("zfs destroy -r zroot/xc/run/c2")).count());
        assertTrue(zfs.exists("zroot/xc/run/c2") && zfs.exists("zroot/xc/run/c2@init"), "nothing half-removed");
    }

    @Test
    void volumesGetTheirHintsAsPropertiesAfterValidation() throws IOException {
        int start = host.journal().size();
        Path v = storage.createVolume("pgdata", Map.of("zfs.compression", "lz4"));
        assertTrue(Files.isDirectory(v));
        Map<String, String> hints = new LinkedHashMap<>();
        hints.put("zfs.recordsize", "8K");
        hints.put("zfs.atime", "off");
        hints.put("note", "for other backends");
        storage.createVolume("db", hints);
        assertTrue(zfsCommands(start).contains("zfs create -o xc:created_by=xc -o xc:kind=volume -o xc:volume=db"
                + " -o recordsize=8K -o atime=off zroot/xc/volumes/db"), zfsCommands(start).toString());
        assertEquals("8192\tlocal\noff\tlocal\n", run("get", "-H", "-p", "-o", "value,source", "recordsize,atime",
                "zroot/xc/volumes/db").stdout());

        XcException bad = assertThrows(XcException.class,
                () -> storage.createVolume("x", Map.of("zfs.compression", "fast")));
        assertEquals(ErrorCode.INVALID_IMAGE_CONFIG, bad.code());
        assertTrue(bad.getMessage().startsWith("volume hint 'zfs.compression=fast' of volume 'x' has a value "
                + "compression does not allow; allowed: on, off, lzjb"), bad.getMessage());
        XcException size = assertThrows(XcException.class,
                () -> storage.createVolume("x", Map.of("zfs.recordsize", "3K")));
        assertEquals("use one of the allowed values, e.g. zfs.recordsize=128K", size.hint());
        XcException unknown = assertThrows(XcException.class,
                () -> storage.createVolume("x", Map.of("zfs.frobnicate", "on")));
        assertEquals("volume hint 'zfs.frobnicate=on' of volume 'x' names a property this ZFS does not have",
                unknown.getMessage());
        XcException managed = assertThrows(XcException.class,
                () -> storage.createVolume("x", Map.of("zfs.mountpoint", "/etc")));
        assertEquals(ErrorCode.INVALID_IMAGE_CONFIG, managed.code());
        assertFalse(zfs.exists("zroot/xc/volumes/x"));
        XcException dup = assertThrows(XcException.class, () -> storage.createVolume("db", Map.of()));
        assertEquals("volume 'db' already exists", dup.getMessage());
        storage.removeVolume("db");
        storage.removeVolume("db");
        assertFalse(zfs.exists("zroot/xc/volumes/db"));
    }

    @Test
    void jailedDatasetsAreHandedToOneJailAndTakenBack() {
        run("create", "-p", "zroot/poudriere/ports");
        zfs.addJail("builder", 7);
        zfs.addJail("other", 8);
        int start = host.journal().size();
        storage.attachDataset("zroot/poudriere", "builder");
        assertEquals(List.of(
                "zfs get -H -p -o value type zroot/poudriere",
                "zfs get -H -o name,value -s local xc:jail",
                "zfs get -H -o value jailed zroot/poudriere",
                "zfs set jailed=on zroot/poudriere",
                "zfs set xc:jailed_by_xc=on zroot/poudriere",
                "zfs set xc:jail=builder zroot/poudriere",
                "zfs jail builder zroot/poudriere"), zfsCommands(start));
        assertEquals(Optional.of("builder"), zfs.jailOf("zroot/poudriere"));
        assertEquals(List.of(new JailedDataset("zroot/poudriere", "builder")), storage.jailedDatasets());
        storage.attachDataset("zroot/poudriere", "builder"); // idempotent

        XcException same = assertThrows(XcException.class, () -> storage.attachDataset("zroot/poudriere", "other"));
        assertEquals(ErrorCode.DATASET_IN_USE, same.code());
        assertEquals("cannot give dataset zroot/poudriere is already given to jail builder", same.getMessage());
        XcException child = assertThrows(XcException.class,
                () -> storage.attachDataset("zroot/poudriere/ports", "other"));
        assertEquals("cannot give dataset zroot/poudriere/ports is inside zroot/poudriere, which jail builder holds",
                child.getMessage());
        XcException parent = assertThrows(XcException.class, () -> storage.attachDataset("zroot", "other"));
        assertEquals("cannot give dataset zroot contains zroot/poudriere, which jail builder holds",
                parent.getMessage());
        XcException wrong = assertThrows(XcException.class, () -> storage.detachDataset("zroot/poudriere", "other"));
        assertEquals("dataset zroot/poudriere is held by jail builder, not other", wrong.getMessage());

        start = host.journal().size();
        storage.detachDataset("zroot/poudriere", "builder");
        assertEquals(List.of(
                "zfs get -H -o value -s local xc:jail zroot/poudriere",
                "zfs unjail builder zroot/poudriere",
                "zfs inherit xc:jail zroot/poudriere",
                "zfs get -H -o value -s local xc:jailed_by_xc zroot/poudriere",
                "zfs set jailed=off zroot/poudriere",
                "zfs inherit xc:jailed_by_xc zroot/poudriere"), zfsCommands(start));
        assertEquals(Optional.empty(), zfs.jailOf("zroot/poudriere"));
        assertEquals("off\n", run("get", "-H", "-o", "value", "jailed", "zroot/poudriere").stdout());
        assertEquals(List.of(), storage.jailedDatasets());
        storage.detachDataset("zroot/poudriere", "builder"); // idempotent

        // a jail that died first: the kernel already forgot the attachment
        storage.attachDataset("zroot/poudriere/ports", "other");
        zfs.removeJail("other");
        storage.detachDataset("zroot/poudriere/ports", "other");
        assertEquals(List.of(), storage.jailedDatasets());
        // an unknown jail: zfs's own refusal, and nothing left tagged
        XcException noJail = assertThrows(XcException.class, () -> storage.attachDataset("zroot/poudriere", "ghost"));
        assertEquals(ErrorCode.COMMAND_FAILED, noJail.code());
        assertTrue(noJail.getMessage().contains("invalid jail id or name"), noJail.getMessage());
        assertEquals(List.of(), storage.jailedDatasets());
        assertEquals("off\n", run("get", "-H", "-o", "value", "jailed", "zroot/poudriere").stdout());
    }

    @Test
    void usageReportsExactBytesPerImageContainerAndVolume() throws IOException {
        try (LayerWriter w = storage.beginLayer(BASE, Optional.empty())) {
            Files.write(w.root().resolve("blob"), new byte[10_000]);
            w.commit();
        }
        Path root = storage.createRootfs("c1", Optional.of(BASE));
        Files.write(root.resolve("extra"), new byte[3_000]);
        storage.createVolume("v", Map.of());
        StorageUsage image = storage.usage(BASE);
        assertEquals(10_000, image.usedBytes());
        assertEquals(10_000, image.referencedBytes());
        StorageUsage c = storage.usage("c1");
        assertEquals(3_000, c.usedBytes(), "a clone uses only what differs from its origin");
        assertEquals(13_000, c.referencedBytes());
        assertEquals(SimulatedZfs.POOL_SIZE - 13_000, c.availableBytes());
        assertEquals(0, storage.usage("v").usedBytes());
        assertEquals(3_000, storage.usedBytes("c1"));
        XcException e = assertThrows(XcException.class, () -> storage.usage("nothing"));
        assertEquals(ErrorCode.DATASET_NOT_FOUND, e.code());
        assertTrue(host.journal().stream().map(Command::display)
                .anyMatch(s -> s.equals("zfs list -H -p -o name,used,avail,refer zroot/xc/run/c1")));
    }

    @Test
    void configurationErrorsNameTheKey() {
        Storage unconfigured = new ZfsProvider().create(new ProviderContext(host,
                Map.of("container_dataset", "zroot/xc/run"), tmp));
        XcException e = assertThrows(XcException.class, () -> unconfigured.hasLayer(BASE));
        assertEquals(ErrorCode.INVALID_CONFIG, e.code());
        assertEquals("the zfs storage backend needs image_dataset", e.getMessage());
        XcException bad = assertThrows(XcException.class, () -> storage(Map.of("destroy_attempts", "0")));
        assertEquals("destroy_attempts '0' is not a number from 1 to 20", bad.getMessage());
        Storage noVolumes = new ZfsProvider().create(new ProviderContext(host,
                Map.of("image_dataset", "zroot/xc/datasets", "container_dataset", "zroot/xc/run"), tmp));
        XcException vol = assertThrows(XcException.class, () -> noVolumes.createVolume("v", Map.of()));
        assertEquals("cannot create volume 'v': no default_volume_dataset is configured", vol.getMessage());
    }

    @Test
    void printsThePullAndRunCommandLinesAndTheTree() throws IOException {
        int start = host.journal().size();
        layer(BASE, Optional.empty(), "f", "b");
        layer(APP_A, Optional.of(BASE), "g", "a");
        int pulled = host.journal().size();
        storage.createRootfs("web1", Optional.of(APP_A));
        storage.createVolume("data", Map.of("zfs.compression", "lz4"));
        System.out.println("== pull ==\n" + String.join("\n", zfsCommands(start).subList(0, pulled - start)));
        System.out.println("== run ==\n" + String.join("\n", zfsCommands(pulled)));
        System.out.println("== tree ==\n" + zfs.tree());
        assertTrue(zfs.tree().contains("zroot/xc/run/web1@init"));
    }
}
