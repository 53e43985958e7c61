package dev.xc.engine;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @TempDir
    Path tmp;

    private ConfigLoader loader() {
        return new ConfigLoader(Map.of("HOME", tmp.resolve("home").toString()), tmp.resolve("no-system.conf"));
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void embeddedDefaultKeepsEverythingUnderOneStateDirectory() {
        ConfigLoader.Loaded l = loader().load(Optional.empty(), Optional.empty(), Map.of());
        EngineConfig c = l.config();
        Path state = tmp.resolve("home/.local/share/xc");
        assertEquals(state, c.stateDir());
        assertEquals(state.resolve("images.sqlite"), c.imageDatabaseStore());
        assertEquals(state.resolve("state.sqlite"), c.databaseStore());
        assertEquals(state.resolve("layers"), c.layersDir());
        assertEquals(state.resolve("xc.sock"), c.socketPath());
        assertEquals(Optional.of("directory"), c.backend("storage"));
        assertEquals(Optional.of("none"), c.backend("firewall"));
        assertEquals(1000, c.devfsIdOffset());
        assertTrue(l.source().isEmpty());
    }

    @Test
    void stateDirectoryFollowsXcStateDirThenXdg() {
        assertEquals(Path.of("/srv/xc"), new ConfigLoader(Map.of("XC_STATE_DIR", "/srv/xc", "HOME", "/h"))
                .defaultStateDir());
        assertEquals(Path.of("/x/xc"), new ConfigLoader(Map.of("XDG_DATA_HOME", "/x", "HOME", "/h"))
                .defaultStateDir());
    }

    @Test
    void theSystemConfigurationIsUsedWhenPresent() throws IOException {
        Path sys = write("no-system.conf", "ext_ifs: [em0]\n");
        ConfigLoader.Loaded l = loader().load(Optional.empty(), Optional.empty(), Map.of());
        assertEquals(Optional.of(sys), l.source());
        assertEquals(Path.of("/var/run/xc.sock"), l.config().socketPath());
    }

    @Test
    void readsTheOriginalReadmeSample() throws IOException {
        Path f = write("xc.conf", """
                ext_ifs: [em0]
                image_dataset: zroot/xc/datasets
                container_dataset: zroot/xc/run
                default_volume_dataset: zroot/xc/volumes
                """);
        EngineConfig c = loader().load(Optional.of(f), Optional.empty(), Map.of()).config();
        assertEquals(List.of("em0"), c.extInterfaces());
        assertEquals(Optional.of("zroot/xc/datasets"), c.imageDataset());
        assertEquals(Optional.of("zroot/xc/run"), c.containerDataset());
        assertEquals(Optional.of("zroot/xc/volumes"), c.defaultVolumeDataset());
        // the original's defaults, for a system configuration
        assertEquals(Path.of("/var/db/xc.sqlite"), c.imageDatabaseStore());
        assertEquals(Path.of("/var/cache"), c.layersDir());
        assertEquals(Path.of("/var/log/xc"), c.logsDir());
        assertEquals(Path.of("/var/run/xc.sock"), c.socketPath());
        assertEquals(Path.of("/usr/local/etc/inventory.json"), c.inventory());
        assertTrue(c.backend("storage").isEmpty(), "no storage configured: chosen by priority");
    }

    @Test
    void aStateDirInTheFileMovesEveryDefaultUnderIt() throws IOException {
        Path f = write("xc.conf", "state_dir: " + tmp.resolve("st") + "\nstorage: directory\n");
        EngineConfig c = loader().load(Optional.of(f), Optional.empty(), Map.of()).config();
        assertEquals(tmp.resolve("st/state.sqlite"), c.databaseStore());
        assertEquals(tmp.resolve("st/images.sqlite"), c.imageDatabaseStore());
        assertEquals(tmp.resolve("st/xc.sock"), c.socketPath());
        assertTrue(c.backend("firewall").isEmpty(), "a system configuration chooses its firewall by priority");
    }

    @Test
    void readsTheJsonForm() throws IOException {
        Path f = write("xc.json", """
                {"ext_ifs": ["igb0", "igb1"], "image_dataset": "tank/xc/images",
                 "container_dataset": "tank/xc/run", "devfs_id_offset": 2000, "warn_only": true,
                 "storage": "zfs", "backends": {"zfs": {"zfs": "/sbin/zfs"}}}
                """);
        EngineConfig c = loader().load(Optional.of(f), Optional.empty(), Map.of()).config();
        assertEquals(List.of("igb0", "igb1"), c.extInterfaces());
        assertEquals(2000, c.devfsIdOffset());
        assertTrue(c.warnOnly());
        assertEquals(Optional.of("zfs"), c.backend("storage"));
        assertEquals(Map.of("zfs", "/sbin/zfs"), c.settingsOf("zfs"));
    }

    @Test
    void reportsEveryBadKeyAtOnce() throws IOException {
        Path f = write("bad.conf", """
                ext_ifs: [em0, "bad iface"]
                image_datset: zroot/xc/datasets
                devfs_id_offset: 70000
                warn_only: perhaps
                layers_dir: relative/path
                storage: zfs
                default_volume_driver: nfs
                """);
        XcException e = assertThrows(XcException.class,
                () -> loader().load(Optional.of(f), Optional.empty(), Map.of()));
        assertEquals(ErrorCode.INVALID_CONFIG, e.code());
        List<String> msgs = e.problems().stream().map(p -> p.message()).toList();
        assertEquals(8, msgs.size(), msgs.toString());
        assertTrue(msgs.contains("unknown key 'image_datset'"), msgs.toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.hint().equals("did you mean 'image_dataset'?")));
        assertTrue(msgs.contains("key 'devfs_id_offset' must be from 1 to 65535, found 70000"), msgs.toString());
        assertTrue(msgs.contains("key 'warn_only' must be true or false, found 'perhaps'"), msgs.toString());
        assertTrue(msgs.contains("key 'layers_dir' must be an absolute path, found 'relative/path'"), msgs.toString());
        assertTrue(msgs.contains("key 'ext_ifs' holds 'bad iface', which is not an interface name such as em0"),
                msgs.toString());
        assertTrue(msgs.contains("storage 'zfs' needs image_dataset"), msgs.toString());
        assertTrue(msgs.contains("storage 'zfs' needs container_dataset"), msgs.toString());
        assertTrue(msgs.contains("key 'default_volume_driver' must be one of [directory, zfs], found 'nfs'"),
                msgs.toString());
        assertTrue(e.getMessage().startsWith("the configuration in " + f + " has 8 problems:"), e.getMessage());
    }

    @Test
    void obsoleteNetworksKeyIsAWarningNotAnError() throws IOException {
        Path f = write("old.conf", """
                ext_ifs: [em0]
                networks: {default: {subnet: 10.0.0.0/24}}
                """);
        ConfigLoader.Loaded l = loader().load(Optional.of(f), Optional.empty(), Map.of());
        assertEquals(1, l.warnings().size());
        assertTrue(l.warnings().getFirst().startsWith("key 'networks' in " + f + " is obsolete"));
    }

    @Test
    void malformedYamlNamesTheFile() throws IOException {
        Path f = write("broken.conf", "ext_ifs: [em0\nimage_dataset: x\n");
        XcException e = assertThrows(XcException.class,
                () -> loader().load(Optional.of(f), Optional.empty(), Map.of()));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().getFirst().message().startsWith("cannot read " + f), e.getMessage());
    }

    @Test
    void missingFileIsReportedWithTheFix() {
        Path f = tmp.resolve("nope.conf");
        XcException e = assertThrows(XcException.class,
                () -> loader().load(Optional.of(f), Optional.empty(), Map.of()));
        assertEquals("create the file or pass another with --config", e.problems().getFirst().hint());
    }

    @Test
    void overridesWinOverTheFile() throws IOException {
        Path f = write("xc.conf", "ext_ifs: [em0]\nlogs_dir: /var/log/xc\n");
        EngineConfig c = loader().load(Optional.of(f), Optional.empty(),
                Map.of("ext_ifs", "igb0,igb1", "logs_dir", "/tmp/xclogs", "firewall", "none")).config();
        assertEquals(List.of("igb0", "igb1"), c.extInterfaces());
        assertEquals(Path.of("/tmp/xclogs"), c.logsDir());
        assertEquals(Optional.of("none"), c.backend("firewall"));
    }

    @Test
    void describeListsKeysAsXcConfSpellsThem() {
        EngineConfig c = loader().load(Optional.empty(), Optional.of(tmp.resolve("s")), Map.of())
                .config();
        Map<String, String> d = c.describe();
        assertEquals(tmp.resolve("s").toString(), d.get("state_dir"));
        assertEquals("directory", d.get("storage"));
        assertEquals("1000", d.get("devfs_id_offset"));
    }
}
