package dev.xc.engine;

import dev.xc.api.Engine;
import dev.xc.api.EngineInfo;
import dev.xc.api.ErrorCode;
import dev.xc.api.ProviderInfo;
import dev.xc.api.XcException;
import dev.xc.api.spi.HostInfo;
import dev.xc.engine.internal.ProviderRegistry;
import dev.xc.engine.internal.XcEngine;
import dev.xc.testkit.SimulatedHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Provider discovery and selection, with every backend module of the build on the test path. */
class EmbeddedEngineTest {

    @TempDir
    Path tmp;

    private static final HostInfo LINUX = new HostInfo("Linux", "6.1.0", Optional.empty(), "amd64", Set.of(),
            false, false, false, false, false);

    private EngineConfig config(Map<String, String> overrides) {
        return new ConfigLoader(Map.of("HOME", tmp.toString()), tmp.resolve("none.conf"))
                .load(Optional.empty(), Optional.of(tmp.resolve("state")), overrides).config();
    }

    private static Optional<ProviderInfo> selected(EngineInfo info, String kind) {
        return info.providers().stream().filter(p -> p.kind().equals(kind) && p.selected()).findFirst();
    }

    @Test
    void findsAProviderOfEveryKindOnTheSimulatedFreeBsdHost() {
        try (Engine e = new XcEngine(config(Map.of()), SimulatedHost.create(), ProviderRegistry.standard(), List.of())) {
            EngineInfo info = e.info();
            assertEquals("embedded", info.mode());
            assertTrue(info.host().simulated());
            Set<String> kinds = new java.util.TreeSet<>();
            info.providers().forEach(p -> kinds.add(p.kind()));
            assertEquals(Set.of("storage", "jail", "firewall", "devfs", "tracing"), kinds);
            assertEquals("directory", selected(info, "storage").orElseThrow().name(), "embedded default storage");
            assertEquals("freebsd-jail", selected(info, "jail").orElseThrow().name());
            assertEquals("devfs", selected(info, "devfs").orElseThrow().name());
            assertEquals("dtrace", selected(info, "tracing").orElseThrow().name());
            assertTrue(selected(info, "firewall").isEmpty(), "the embedded default has no firewall");
            assertTrue(info.providers().stream().anyMatch(p -> p.name().equals("pf") && p.supported()));
            assertTrue(info.providers().stream().anyMatch(p -> p.name().equals("zfs") && p.supported()));
        }
    }

    @Test
    void priorityChoosesZfsAndPfWhenNothingIsConfigured() {
        EngineConfig c = config(Map.of("storage", "zfs", "firewall", "pf", "image_dataset", "zroot/xc/i",
                "container_dataset", "zroot/xc/r"));
        try (Engine e = new XcEngine(c, SimulatedHost.create(), ProviderRegistry.standard(), List.of())) {
            EngineInfo info = e.info();
            assertEquals("zfs", selected(info, "storage").orElseThrow().name());
            assertEquals("pf", selected(info, "firewall").orElseThrow().name());
            assertTrue(info.setup().contains("rdr-anchor xc-rdr"), info.setup().toString());
        }
    }

    @Test
    void onLinuxTheJailKindIsMissingWithAWarningThatSaysWhy() {
        var host = SimulatedHost.builder().info(LINUX).build();
        try (Engine e = new XcEngine(config(Map.of()), host, ProviderRegistry.standard(), List.of())) {
            EngineInfo info = e.info();
            assertEquals("directory", selected(info, "storage").orElseThrow().name());
            assertTrue(selected(info, "jail").isEmpty());
            ProviderInfo jail = info.providers().stream().filter(p -> p.name().equals("freebsd-jail")).findFirst()
                    .orElseThrow();
            assertFalse(jail.supported());
            assertEquals("needs a FreeBSD kernel; this host runs Linux 6.1.0", jail.reason());
            assertTrue(info.warnings().stream().anyMatch(w -> w.startsWith("no usable jail provider")
                    && w.contains("containers cannot run on this host")), info.warnings().toString());
        }
    }

    @Test
    void aConfiguredProviderThatIsMissingOrUnusableFailsStartUpListingEveryProblem() {
        var host = SimulatedHost.builder().info(LINUX).build();
        EngineConfig c = config(Map.of("jail", "freebsd-jail", "firewall", "ipfw"));
        XcException e = assertThrows(XcException.class,
                () -> new XcEngine(c, host, ProviderRegistry.standard(), List.of()));
        assertEquals(ErrorCode.NO_PROVIDER, e.code());
        assertEquals(2, e.problems().size(), e.getMessage());
        assertEquals("the configured jail provider 'freebsd-jail' does not work on this host: "
                + "needs a FreeBSD kernel; this host runs Linux 6.1.0", e.problems().get(0).message());
        assertEquals("the configured firewall provider 'ipfw' was not found; found: pf",
                e.problems().get(1).message());
    }

    @Test
    void bothDatabasesMayShareOneFileAsTheOriginalDefaultDoes() {
        String db = tmp.resolve("xc.sqlite").toString();
        EngineConfig c = config(Map.of("database_store", db, "image_database_store", db));
        for (int i = 0; i < 2; i++) { // twice: reopening finds both schemas in place
            try (XcEngine e = new XcEngine(c, SimulatedHost.create(), ProviderRegistry.standard(), List.of())) {
                assertTrue(e.images().isEmpty());
                assertTrue(e.networks().isEmpty());
            }
        }
    }

    @Test
    void createdBackendsAreUsable() {
        try (XcEngine e = new XcEngine(config(Map.of()), SimulatedHost.create(), ProviderRegistry.standard(),
                List.of())) {
            assertTrue(e.storage().layers().isEmpty());
            assertEquals(List.of("/usr/sbin/dwatch", "-j", "7", "-F", "syscall"),
                    e.tracer().orElseThrow().traceCommand(7, List.of()).argv());
            assertEquals(List.of(), e.jails().orElseThrow().list(), "the simulated kernel starts with no jails");
            assertEquals(List.of(), e.volumes(), "a new engine has no volumes");
        }
    }
}
