package dev.xc.engine;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.RegistryCredentials;
import dev.xc.engine.internal.ProviderRegistry;
import dev.xc.engine.internal.XcEngine;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.registry.RegistryServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code xc login}: credentials are checked with a real registry before they are stored, in a 0600 file. */
class LoginTest {

    @TempDir
    Path tmp;

    @Test
    void wrongCredentialsAreRefusedAndNothingIsStored() throws IOException {
        assumeTrue(RegistryServer.isAvailable(), "docker-registry is not installed");
        EngineConfig c = new ConfigLoader(Map.of("HOME", tmp.toString()), tmp.resolve("none.conf"))
                .load(Optional.empty(), Optional.of(tmp.resolve("state")), Map.of()).config();
        try (RegistryServer registry = RegistryServer.builder().basicAuth("alice", "s3cret").start();
             XcEngine e = new XcEngine(c, SimulatedHost.create(), ProviderRegistry.standard(), List.of())) {
            XcException bad = assertThrows(XcException.class,
                    () -> e.login(new RegistryCredentials(registry.host(), "alice", "wrong", true)));
            assertEquals(ErrorCode.REGISTRY_UNAUTHORIZED, bad.code(), bad.getMessage());
            assertFalse(bad.getMessage().contains("wrong"), "the secret never appears in an error");
            assertFalse(Files.exists(c.registries()), "nothing stored after a refused login");

            e.login(new RegistryCredentials(registry.host(), "alice", "s3cret", true));
            assertTrue(Files.exists(c.registries()));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(c.registries())));
            assertTrue(Files.readString(c.registries()).contains("alice"));
        }
    }
}
