package dev.xc.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.api.image.EntryPoint;
import dev.xc.api.image.EnvSpec;
import dev.xc.api.image.ExposedPort;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.SpecialMount;
import dev.xc.api.image.SysvMode;
import dev.xc.api.image.VolumeSpec;
import dev.xc.api.net.Protocol;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.xc.testkit.image.XcImageFixtures.APPENDIX_C;
import static dev.xc.testkit.image.XcImageFixtures.DOCKER_NGINX;
import static dev.xc.testkit.image.XcImageFixtures.MINIMAL_EXTENSION;
import static dev.xc.testkit.image.XcImageFixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XcImageConfigTest {

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void appendixCReadsAsTheOriginalMeantIt() {
        OciImageConfig img = ImageJson.readConfig(bytes(APPENDIX_C));
        assertEquals("FreeBSD", img.os());
        assertTrue(img.platform().isFreeBsd());
        JailConfig c = XcImageConfig.jailConfig(img);
        assertEquals("0.0.0+0", c.version());
        assertEquals(0, c.secureLevel());
        assertFalse(c.vnet());
        assertEquals(Map.of(ExposedPort.of(80, Protocol.TCP), "http", new ExposedPort(8000, 8010, Optional.empty()),
                ""), c.ports());
        assertEquals(List.of("path bpf* unhide"), c.devfsRules());
        assertEquals(List.of("raw_sockets"), c.allow());
        assertEquals(List.of(SysvMode.DISABLE, SysvMode.NEW, SysvMode.DISABLE),
                List.of(c.sysvMsg(), c.sysvShm(), c.sysvSem()));
        assertEquals(EnvSpec.required("password of the database"), c.envs().get("DB_PASSWORD"));
        assertEquals(EnvSpec.withDefault("80"), c.envs().get("LISTEN_PORT"));
        EntryPoint main = c.entryPoints().get("main");
        assertEquals("/usr/local/sbin/nginx", main.exec());
        assertEquals(List.of("-g", "daemon off;"), main.args());
        assertEquals(Map.of("PORT", "${LISTEN_PORT}", "GREETING", "${NAME:-world}"), main.environ());
        assertEquals(List.of("DB_PASSWORD"), main.requiredEnvs());
        assertEquals(Optional.of("main"), c.defaultEntryPoint());
        assertEquals(List.of(SpecialMount.fdescfs(), SpecialMount.procfs()), c.specialMounts());
        assertEquals(new VolumeSpec("application data", "/var/db/app", Map.of("zfs.compression", "off"), false,
                false), c.mounts().get("/var/db/app"));
        assertEquals(List.of("-c", "echo starting"), c.init().getFirst().args());
        assertEquals(Map.of("maintainer", "someone@example.org"), c.labels());
        assertTrue(c.osreldate().isEmpty() && c.linuxOsname().isEmpty());
    }

    @Test
    void inspectShowsEveryEnvAndVolumeWithItsDocumentation() {
        String d = XcImageConfig.jailConfig(bytes(APPENDIX_C)).describe();
        for (String s : List.of("DB_PASSWORD", "password of the database", "LISTEN_PORT", "80", "/var/db/app",
                "application data", "zfs.compression")) {
            assertTrue(d.contains(s), () -> "describe() lacks '" + s + "':\n" + d);
        }
    }

    @Test
    void extensionIsWrittenBackInAppendixCShape() {
        ObjectNode doc = ImageJson.object(bytes(APPENDIX_C), "fixture");
        JsonNode original = doc.get("config").get("xc_extension");
        ObjectNode written = XcImageConfig.extensionNode(XcImageConfig.jailConfig(bytes(APPENDIX_C)));
        assertEquals(original, written);
        assertEquals(keys(original), keys(written), "key order");
        assertEquals(keys(original.get("entry_points").get("main")), keys(written.get("entry_points").get("main")));
        assertEquals(keys(original.get("envs").get("DB_PASSWORD")), keys(written.get("envs").get("DB_PASSWORD")));
        assertEquals(keys(original.get("mounts").get("/var/db/app")), keys(written.get("mounts").get("/var/db/app")));
        assertTrue(written.get("osreldate").isNull() && written.get("linux_osname").isNull());
    }

    @Test
    void imageConfigRoundTripsAndCarriesRealOciDefaults() {
        JailConfig c = XcImageConfig.jailConfig(bytes(APPENDIX_C));
        Digest diff = Digest.sha256(new byte[0]);
        byte[] json = XcImageConfig.writeImageConfig(c, "amd64", List.of(diff));
        ObjectNode doc = ImageJson.object(json, "written");
        assertEquals(List.of("architecture", "os", "config", "rootfs", "history"), keys(doc));
        assertEquals("FreeBSD", doc.get("os").asText());
        List<String> configKeys = keys(doc.get("config"));
        assertEquals(List.of("AttachStderr", "AttachStdin", "AttachStdout", "Entrypoint", "Cmd", "Env", "Tty",
                "WorkingDir", "Volumes", "ExposedPorts", "User", "Labels", "StopSignal", "xc_extension"), configKeys);
        ContainerConfig oci = ContainerConfig.of((ObjectNode) doc.get("config"));
        assertEquals(List.of("/usr/local/sbin/nginx", "-g", "daemon off;"), oci.entrypoint());
        assertEquals(List.of("LISTEN_PORT=80"), oci.env());
        assertEquals(List.of("/var/db/app"), oci.volumes());
        assertEquals(List.of("80/tcp", "8000-8010/tcp", "8000-8010/udp"), oci.exposedPorts());
        assertTrue(doc.get("config").get("Tty").isNull());
        OciImageConfig back = ImageJson.readConfig(json);
        assertEquals(List.of(diff), back.diffIds());
        assertEquals(c, XcImageConfig.jailConfig(back));
    }

    @Test
    void minimalExtensionTakesTheOriginalDefaults() {
        JailConfig c = XcImageConfig.jailConfig(bytes(MINIMAL_EXTENSION));
        assertEquals(JailConfig.DEFAULT_VERSION, c.version());
        assertEquals(1, c.secureLevel());
        assertEquals(SysvMode.DISABLE, c.sysvShm());
        assertTrue(c.envs().isEmpty() && c.init().isEmpty() && c.labels().isEmpty() && c.datasets().isEmpty());
        assertFalse(c.linux());
        assertEquals(List.of("-l"), c.entryPoints().get("main").defaultArgs());
        assertTrue(c.mounts().get("/data").readOnly());
        assertFalse(c.mounts().get("/data").required());
    }

    private static String minimalWithout(String key) {
        ObjectNode doc = ImageJson.object(bytes(MINIMAL_EXTENSION), "fixture");
        ((ObjectNode) doc.get("config").get("xc_extension")).remove(key);
        return new String(ImageJson.bytes(doc), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aMissingRequiredKeyIsAnErrorNamingIt() {
        for (String key : List.of("secure_level", "ports", "devfs_rules", "allow", "entry_points", "special_mounts",
                "mounts")) {
            XcException x = assertThrows(XcException.class,
                    () -> XcImageConfig.jailConfig(bytes(minimalWithout(key))));
            assertEquals(ErrorCode.INVALID_IMAGE_CONFIG, x.code());
            assertEquals("invalid image config: xc_extension." + key + " is required", x.getMessage());
        }
    }

    @Test
    void invalidExtensionContentIsRejectedNotIgnored() {
        String badEnv = MINIMAL_EXTENSION.replace("\"ports\":{}", "\"ports\":{},\"envs\":{\"a-b\":{\"required\":true}}");
        XcException x = assertThrows(XcException.class, () -> XcImageConfig.jailConfig(bytes(badEnv)));
        assertEquals(ErrorCode.INVALID_IMAGE_CONFIG, x.code());
        assertTrue(x.getMessage().contains("a-b"), x.getMessage());

        String badPort = MINIMAL_EXTENSION.replace("\"ports\":{}", "\"ports\":{\"http\":\"web\"}");
        XcException y = assertThrows(XcException.class, () -> XcImageConfig.jailConfig(bytes(badPort)));
        assertTrue(y.getMessage().startsWith("invalid image config: xc_extension.ports key 'http' is not a port"),
                y.getMessage());

        String badExec = MINIMAL_EXTENSION.replace("\"args\":[],", "");
        XcException z = assertThrows(XcException.class, () -> XcImageConfig.jailConfig(bytes(badExec)));
        assertEquals("invalid image config: xc_extension.entry_points.main.args is required", z.getMessage());
    }

    @Test
    void portKeysAreReadLikeTheOriginal() {
        assertEquals(ExposedPort.of(80), XcImageConfig.port("80/sctp", "p"));
        assertEquals(new ExposedPort(8000, 8010, Optional.empty()), XcImageConfig.port("8000-8010", "p"));
        assertEquals(ExposedPort.of(53, Protocol.UDP), XcImageConfig.port("53/udp", "p"));
    }

    @Test
    void dockerConfigConvertsWithoutTheOriginalsBugs() {
        OciImageConfig img = ImageJson.readConfig(bytes(DOCKER_NGINX));
        JailConfig c = XcImageConfig.jailConfig(img);
        assertTrue(c.linux());
        assertEquals(Optional.of(XcImageConfig.OCI_ENTRY_POINT), c.defaultEntryPoint());
        EntryPoint ep = c.entryPoints().get(XcImageConfig.OCI_ENTRY_POINT);
        assertEquals("/docker-entrypoint.sh", ep.exec());
        assertEquals(List.of(), ep.args());
        assertEquals(List.of("nginx", "-g", "daemon off;", "$1"), ep.defaultArgs());
        assertEquals(List.of("PATH", "NGINX_VERSION", "HOME"), List.copyOf(ep.environ().keySet()),
                "names that are not variable names are left out");
        assertEquals("$$HOME/x", ep.environ().get("HOME"), "Docker does not expand Env: the $ stays literal");
        assertEquals("$HOME/x", dev.xc.api.image.Interpolation.parse(ep.environ().get("HOME")).apply(Map.of()));
        assertEquals(Optional.of("101"), ep.user());
        assertEquals(Optional.of("101"), ep.group());
        assertEquals(Optional.of("/usr/share/nginx"), ep.workDir());
        assertEquals(Map.of(ExposedPort.of(80, Protocol.TCP), "", ExposedPort.of(443, Protocol.UDP), "",
                ExposedPort.of(9000), ""), c.ports());
        assertEquals(VolumeSpec.at("/var/cache/nginx"), c.mounts().get("/var/cache/nginx"));
        assertEquals(Map.of("maintainer", "NGINX Docker Maintainers"), c.labels());
        assertEquals(SysvMode.NEW, c.sysvMsg());
        assertEquals(0, c.secureLevel());
        assertTrue(c.allow().isEmpty() && c.devfsRules().isEmpty() && c.envs().isEmpty());
        assertEquals("amd64", img.architecture());
    }

    @Test
    void osIsComparedCaseInsensitively() {
        String fbsd = DOCKER_NGINX.replace("\"os\":\"linux\"", "\"os\":\"freebsd\"");
        assertFalse(XcImageConfig.jailConfig(bytes(fbsd)).linux());
        String cmdOnly = "{\"architecture\":\"arm64\",\"os\":\"FreeBSD\",\"config\":{\"Cmd\":[\"/bin/sh\",\"-c\","
                + "\"echo $1\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
        JailConfig c = XcImageConfig.jailConfig(bytes(cmdOnly));
        assertFalse(c.linux());
        EntryPoint ep = c.entryPoints().get(XcImageConfig.OCI_ENTRY_POINT);
        assertEquals("/bin/sh", ep.exec());
        assertEquals(List.of("-c", "echo $1"), ep.args());
        assertEquals(List.of(), ep.defaultArgs());
    }

    @Test
    void configWithoutConfigObjectConvertsToAnEmptyJail() {
        JailConfig c = XcImageConfig.jailConfig(bytes(
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":null,\"rootfs\":{\"type\":\"layers\","
                        + "\"diff_ids\":[]}}"));
        assertTrue(c.entryPoints().isEmpty() && c.linux());
        XcException x = assertThrows(XcException.class, () -> XcImageConfig.jailConfig(bytes(
                "{\"architecture\":\"amd64\",\"os\":\"linux\"}")));
        assertEquals(ErrorCode.MALFORMED_CONTENT, x.code());
        assertEquals("image config has no 'rootfs' object", x.getMessage());
    }
}
