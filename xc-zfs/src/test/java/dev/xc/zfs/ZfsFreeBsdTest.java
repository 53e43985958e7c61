package dev.xc.zfs;

import dev.xc.api.spi.FileChange;
import dev.xc.api.spi.JailedDataset;
import dev.xc.api.spi.LayerWriter;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Storage;
import dev.xc.host.LocalHost;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole backend on a real FreeBSD host, as root, under a scratch dataset named by {@code XC_TEST_DATASET}
 * (for example {@code zroot/xc-test}; it must exist and may be emptied). Skipped elsewhere, and reported as skipped.
 * Jailed datasets need a running jail named by {@code XC_TEST_JAIL} with {@code allow.mount.zfs}.
 */
@EnabledOnOs(OS.FREEBSD)
class ZfsFreeBsdTest {

    @TempDir
    Path tmp;

    @Test
    void pullRunDiffJailAndRemove() throws IOException {
        String base = System.getenv("XC_TEST_DATASET");
        Assumptions.assumeTrue(base != null && !base.isBlank(), "set XC_TEST_DATASET to a scratch dataset");
        LocalHost host = LocalHost.create();
        for (String ds : List.of("images", "run", "volumes")) {
            host.commands().check(dev.xc.api.spi.Command.of("zfs", "create", "-p", base + "/" + ds));
        }
        Storage s = new ZfsProvider().create(new ProviderContext(host, Map.of("image_dataset", base + "/images",
                "container_dataset", base + "/run", "default_volume_dataset", base + "/volumes"), tmp));
        String a = "sha256:" + "1".repeat(64);
        String b = "sha256:" + "2".repeat(64);
        try (LayerWriter w = s.beginLayer(a, Optional.empty())) {
            Files.writeString(w.root().resolve("base"), "base");
            w.commit();
        }
        try (LayerWriter w = s.beginLayer(b, Optional.of(a))) {
            Files.writeString(w.root().resolve("app"), "app");
            w.commit();
        }
        Path root = s.createRootfs("it1", Optional.of(b));
        Files.writeString(root.resolve("new file"), "x");
        assertEquals(List.of(FileChange.of(FileChange.Kind.ADDED, FileChange.FileType.FILE, "/new file")),
                s.diff("it1"));
        s.createVolume("vol", Map.of("zfs.compression", "lz4", "zfs.atime", "off"));
        String jail = System.getenv("XC_TEST_JAIL");
        if (jail != null && !jail.isBlank()) {
            s.attachDataset(base + "/volumes/vol", jail);
            assertEquals(List.of(new JailedDataset(base + "/volumes/vol", jail)), s.jailedDatasets());
            s.detachDataset(base + "/volumes/vol", jail);
        }
        assertTrue(s.usage("it1").referencedBytes() > 0);
        s.removeVolume("vol");
        s.removeRootfs("it1");
        s.removeLayer(b);
        s.removeLayer(a);
        assertEquals(List.of(), s.layers());
    }
}
