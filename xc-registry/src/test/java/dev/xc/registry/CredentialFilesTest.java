package dev.xc.registry;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.RegistryCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialFilesTest {

    static final String README_EXAMPLE = """
            {
                "default": "index.docker.io",
                "registries": {
                    "index.docker.io": {
                        "base_url": "https://index.docker.io",
                        "basic_auth": {
                            "username": "my_docker_hub_username",
                            "password": "my_docker_hub_access_token"
                        }
                    },
                    "myazurecr.azurecr.io": {
                        "base_url": "https://myazurecr.azurecr.io",
                        "basic_auth": { "username": "my_username", "password": "my_token" }
                    },
                    "10.0.0.5:5000": { "base_url": "http://10.0.0.5:5000" }
                }
            }
            """;

    @Test
    void readsTheOriginalRegistriesJson(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("xc.registries.json");
        Files.writeString(f, README_EXAMPLE);
        RegistriesFile r = RegistriesFile.load(f);
        assertEquals(Optional.of("docker.io"), r.defaultRegistry());
        RegistryCredentials hub = r.lookup("docker.io").orElseThrow();
        assertEquals("my_docker_hub_username", hub.username());
        assertEquals("my_docker_hub_access_token", hub.secret());
        assertEquals(hub, r.lookup("registry-1.docker.io").orElseThrow());
        assertEquals("my_username", r.lookup("myazurecr.azurecr.io").orElseThrow().username());
        assertEquals(Optional.empty(), r.lookup("10.0.0.5:5000"));
        assertTrue(r.isInsecure("10.0.0.5:5000"));
        assertFalse(r.isInsecure("docker.io"));
        assertEquals(Optional.empty(), RegistriesFile.load(dir.resolve("missing.json")).defaultRegistry());
    }

    @Test
    void anInvalidServerKeyIsNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("xc.registries.json");
        Files.writeString(f, "{\"registries\": {\"my_cr.io\": {\"base_url\": \"https://my_cr.io\","
                + "\"basic_auth\": {\"username\": \"u\", \"password\": \"hunter2\"}}}}");
        XcException e = assertThrows(XcException.class, () -> RegistriesFile.load(f));
        assertEquals(ErrorCode.INVALID_CONFIG, e.code());
        assertEquals("registries file " + f + ": entry 'my_cr.io' is invalid: invalid registry server 'my_cr.io': "
                + "expected host[:port]", e.getMessage());
        assertFalse(e.toString().contains("hunter2"));
    }

    @Test
    void loginWritesMode0600AndKeepsOtherEntries(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("xc.registries.json");
        Files.writeString(f, README_EXAMPLE);
        RegistriesFile.login(f, new RegistryCredentials("127.0.0.1:5000", "dev", "pw-1", true));
        RegistriesFile.login(f, new RegistryCredentials("index.docker.io", "other", "pw-2", false));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        RegistriesFile r = RegistriesFile.load(f);
        assertEquals("pw-1", r.lookup("127.0.0.1:5000").orElseThrow().secret());
        assertTrue(r.lookup("127.0.0.1:5000").orElseThrow().insecure());
        assertEquals("other", r.lookup("docker.io").orElseThrow().username());
        assertEquals("my_username", r.lookup("myazurecr.azurecr.io").orElseThrow().username());
        assertTrue(Files.readString(f).contains("\"index.docker.io\""), "the existing key spelling is kept");
        assertTrue(RegistriesFile.logout(f, "127.0.0.1:5000"));
        assertEquals(Optional.empty(), RegistriesFile.load(f).lookup("127.0.0.1:5000"));

        Path fresh = dir.resolve("sub/new.json");
        RegistriesFile.login(fresh, new RegistryCredentials("ghcr.io", "me", "tok", false));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
    }

    @Test
    void brokenFilesAreReportedWithoutQuotingSecrets(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("xc.registries.json");
        Files.writeString(f, "{\"registries\": {\"a.io\": {\"basic_auth\": {\"password\": hunter2");
        XcException e = assertThrows(XcException.class, () -> RegistriesFile.load(f));
        assertEquals(ErrorCode.INVALID_CONFIG, e.code());
        assertTrue(e.getMessage().startsWith("registries file " + f + " is not valid JSON (line 1, column "),
                e.getMessage());
        assertFalse(e.toString().contains("hunter2"));
    }

    @Test
    void readsDockerConfigAuths(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("config.json");
        String auth = Base64.getEncoder().encodeToString("hubuser:hub:pass".getBytes(StandardCharsets.UTF_8));
        Files.writeString(f, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth + "\"},"
                + "\"ghcr.io\":{\"username\":\"gh\",\"password\":\"ghp\"},\"quay.io\":{}},\"credsStore\":\"desktop\"}");
        DockerConfigFile d = DockerConfigFile.load(f);
        RegistryCredentials hub = d.lookup("docker.io").orElseThrow();
        assertEquals("hubuser", hub.username());
        assertEquals("hub:pass", hub.secret());
        assertEquals("ghp", d.lookup("ghcr.io").orElseThrow().secret());
        assertEquals(Optional.empty(), d.lookup("quay.io"));
        CredentialSource chain = CredentialSource.chain(CredentialSource.none(), d);
        assertEquals(hub, chain.lookup("index.docker.io").orElseThrow());
    }

    @Test
    void credentialsNeverShowTheirSecret() {
        RegistryCredentials c = new RegistryCredentials("127.0.0.1:5000", "u", "top-secret", true);
        assertEquals("RegistryCredentials[server=127.0.0.1:5000, username=u, secret=****, insecure=true]",
                c.toString());
        XcException e = assertThrows(XcException.class,
                () -> new RegistryCredentials("https://x.io/v2", "u", "top-secret", false));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertFalse(e.getMessage().contains("top-secret"));
    }
}
