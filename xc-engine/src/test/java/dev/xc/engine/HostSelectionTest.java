package dev.xc.engine;

import dev.xc.api.Engine;
import dev.xc.api.EngineInfo;
import dev.xc.api.EngineOptions;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Which host the embedded engine runs on: configured, else local on FreeBSD, else the simulated FreeBSD host. */
class HostSelectionTest {

    @TempDir
    Path tmp;

    private EngineOptions options(Map<String, String> overrides) {
        return EngineOptions.defaults().withStateDirectory(tmp.resolve("state")).withOverrides(overrides);
    }

    @Test
    void offFreeBsdTheSimulatedHostIsChosenAndSaidSo() {
        assumeFalse(System.getProperty("os.name").equals("FreeBSD"), "on FreeBSD the local host is the default");
        try (Engine e = EmbeddedEngines.open(options(Map.of()))) {
            EngineInfo info = e.info();
            boolean bwrap = Files.isExecutable(Path.of("/usr/bin/bwrap"));
            assertEquals(bwrap, info.host().simulated(), info.host().toString());
            if (bwrap) {
                assertEquals("FreeBSD", info.host().osName());
                assertTrue(info.warnings().stream().anyMatch(w -> w.contains("containers run on the simulated FreeBSD host")),
                        info.warnings().toString());
            }
        }
    }

    @Test
    void theLocalHostWhenConfigured() {
        try (Engine e = EmbeddedEngines.open(options(Map.of("host", "local")))) {
            assertFalse(e.info().host().simulated());
            assertEquals(System.getProperty("os.name").equals("FreeBSD") ? "FreeBSD" : System.getProperty("os.name"),
                    e.info().host().osName());
        }
    }

    @Test
    void anUnknownHostIsRefusedWithTheChoices() {
        XcException ex = assertThrows(XcException.class, () -> EmbeddedEngines.open(options(Map.of("host", "mars"))));
        assertEquals(ErrorCode.NO_PROVIDER, ex.code());
        assertTrue(ex.getMessage().startsWith("the configured host 'mars' was not found; found: "), ex.getMessage());
        assertTrue(ex.getMessage().contains("local"), ex.getMessage());
    }
}
