package dev.xc.engine.internal.volume;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.volume.VolumeCreateRequest;
import dev.xc.api.volume.VolumeDriver;
import dev.xc.api.volume.VolumeInfo;
import dev.xc.engine.ConfigLoader;
import dev.xc.engine.EngineConfig;
import dev.xc.engine.internal.ProviderRegistry;
import dev.xc.engine.internal.XcEngine;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.zfs.SimulatedZfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Volumes on the zfs storage backend of the simulated host: a dataset per volume, the options as properties. */
class ZfsVolumesTest {

    @TempDir
    Path tmp;

    private XcEngine engine(SimulatedHost host) {
        EngineConfig c = new ConfigLoader(Map.of("HOME", tmp.toString()), tmp.resolve("none.conf"))
                .load(Optional.empty(), Optional.of(tmp.resolve("state")), Map.of("storage", "zfs",
                        "image_dataset", "zroot/xc/i", "container_dataset", "zroot/xc/r",
                        "default_volume_dataset", "zroot/xc/v")).config();
        return new XcEngine(c, host, ProviderRegistry.standard(), List.of());
    }

    private static String zfsGet(SimulatedHost host, String prop, String ds) {
        return host.commands().run(Command.of("zfs", "get", "-H", "-o", "value", prop, ds)).stdoutText().strip();
    }

    @Test
    void aZfsVolumeIsADatasetWithItsOptionsAsProperties() {
        SimulatedHost host = SimulatedHost.builder().tool("zfs", SimulatedZfs.create(tmp.resolve("zfs"), "zroot"))
                .build();
        for (String ds : List.of("zroot/xc/i", "zroot/xc/r", "zroot/xc/v")) {
            host.commands().run(Command.of("zfs", "create", "-p", ds)).orThrow();
        }
        try (XcEngine e = engine(host)) {
            VolumeInfo v = e.createVolume(new VolumeCreateRequest("pg", VolumeDriver.ZFS, Optional.empty(),
                    VolumeCreateRequest.parseOptions(List.of("compression=off", "atime=off")), Optional.empty(),
                    Optional.empty()));
            assertEquals(VolumeDriver.ZFS, v.driver());
            assertTrue(Files.isDirectory(v.device()), v.toString());
            assertEquals("off", zfsGet(host, "compression", "zroot/xc/v/pg"));
            assertEquals("off", zfsGet(host, "atime", "zroot/xc/v/pg"));
            assertEquals(Map.of("compression", "off", "atime", "off"), e.volumes().getFirst().options());
            assertTrue(e.volumes().getFirst().usedBytes().isPresent());

            XcException bad = assertThrows(XcException.class, () -> e.createVolume(new VolumeCreateRequest("b",
                    VolumeDriver.ZFS, Optional.empty(), Map.of("compression", "fast"), Optional.empty(),
                    Optional.empty())));
            assertEquals(ErrorCode.INVALID_IMAGE_CONFIG, bad.code());
            assertEquals(List.of("pg"), e.volumes().stream().map(VolumeInfo::name).toList(), "nothing recorded");

            e.removeVolume("pg");
            assertFalse(host.commands().run(Command.of("zfs", "list", "zroot/xc/v/pg")).ok());
            assertEquals(List.of(), e.volumes());
        }
    }
}
