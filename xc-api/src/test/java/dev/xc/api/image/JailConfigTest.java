package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.Problem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.xc.api.image.Fixtures.appendixC;
import static dev.xc.api.image.Fixtures.assertXc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JailConfigTest {

    @Test
    void emptyHasTheOriginalsDefaults() {
        JailConfig c = JailConfig.empty();
        assertEquals("0.0.0+0", c.version());
        assertEquals(0, c.secureLevel());
        assertFalse(c.vnet());
        assertEquals(SysvMode.DISABLE, c.sysvMsg());
        assertEquals(SysvMode.DISABLE, c.sysvShm());
        assertEquals(SysvMode.DISABLE, c.sysvSem());
        assertTrue(c.entryPoints().isEmpty());
        assertEquals(Optional.empty(), c.defaultEntryPoint());
        assertEquals(c, JailConfig.builder().build());
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void appendixCKeepsItsContentsAndOrder() {
        JailConfig c = appendixC();
        assertEquals(List.of("80/tcp", "8000-8010"), c.ports().keySet().stream().map(ExposedPort::toString).toList());
        assertEquals(List.of("DB_PASSWORD", "LISTEN_PORT"), List.copyOf(c.envs().keySet()));
        assertEquals(List.of("PORT", "GREETING"), List.copyOf(c.entryPoints().get("main").environ().keySet()));
        assertEquals(List.of(SpecialMount.fdescfs(), SpecialMount.procfs()), c.specialMounts());
        assertEquals(SysvMode.NEW, c.sysvShm());
        assertEquals(Map.of("compression", "off"), c.mounts().get("/var/db/app").zfsProperties());
        assertEquals(1, c.init().size());
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void describeListsEnvsPortsVolumesAndMore() {
        String expected = """
                Envs:
                    DB_PASSWORD:
                        Description: password of the database
                        Required: true
                    LISTEN_PORT:
                        Required: false
                        Default: "80"
                Ports:
                    80/tcp: http
                    8000-8010
                Volumes:
                    "/var/db/app":
                        Description: application data
                        Mount Point: "/var/db/app"
                        Required: false
                        Read-Only: false
                        Hints:
                            zfs.compression: "off"
                Entry Points:
                    main (default): /usr/local/sbin/nginx -g 'daemon off;'
                        Requires: DB_PASSWORD
                Allow: raw_sockets
                Devices (need approval):
                    path bpf* unhide
                """;
        assertEquals(expected, appendixC().describe());
    }

    @Test
    void describeOfAnEmptyConfigSaysNone() {
        assertEquals("Envs: (none)\nPorts: (none)\nVolumes: (none)\n", JailConfig.empty().describe());
    }

    // ---- entry point selection (xc-reference.md 6.4)

    @Test
    void selectsTheNamedEntryPoint() {
        JailConfig c = appendixC().toBuilder().entryPoint("shell", EntryPoint.of("/bin/sh")).build();
        assertEquals("/bin/sh", c.selectEntryPoint(Optional.of("shell")).exec());
    }

    @Test
    void selectsTheDefaultEntryPointWhenNoneIsNamed() {
        JailConfig c = JailConfig.builder().entryPoint("main", EntryPoint.of("/main"))
                .entryPoint("web", EntryPoint.of("/web")).defaultEntryPoint("web").build();
        assertEquals("/web", c.selectEntryPoint(Optional.empty()).exec());
    }

    @Test
    void fallsBackToMain() {
        JailConfig c = JailConfig.builder().entryPoint("main", EntryPoint.of("/main")).build();
        assertSame(c.entryPoints().get("main"), c.selectEntryPoint(Optional.empty()));
    }

    @Test
    void anUnknownNameIsAProgramToRun() {
        EntryPoint ep = appendixC().selectEntryPoint(Optional.of("/bin/sh"));
        assertEquals(EntryPoint.of("/bin/sh"), ep);
        assertEquals(List.of("-c", "echo hi"), ep.resolveArguments(List.of("-c", "echo hi"), Map.of()));
    }

    @Test
    void noNameNoDefaultAndNoMainIsAnError() {
        JailConfig c = JailConfig.builder().entryPoint("web", EntryPoint.of("/web")).build();
        assertXc(ErrorCode.INVALID_ARGUMENT, "no default entry point and none named 'main'; it defines [web]",
                () -> c.selectEntryPoint(Optional.empty()));
        assertXc(ErrorCode.INVALID_ARGUMENT, "no default entry point",
                () -> JailConfig.empty().selectEntryPoint(Optional.empty()));
    }

    // ---- environment guarding

    @Test
    void missingEnvsFollowTheOriginalWording() {
        JailConfig c = appendixC();
        List<Problem> problems = c.missingEnvs(Map.of());
        assertEquals(1, problems.size());
        assertEquals(ErrorCode.MISSING_ENV, problems.getFirst().code());
        assertEquals("missing required environment variable: DB_PASSWORD - password of the database",
                problems.getFirst().message());
        assertTrue(c.missingEnvs(Map.of("DB_PASSWORD", "x")).isEmpty());
    }

    @Test
    void defaultsFillUnsuppliedVariables() {
        JailConfig c = appendixC();
        assertEquals(Map.of("DB_PASSWORD", "x", "LISTEN_PORT", "80"),
                c.environmentWithDefaults(Map.of("DB_PASSWORD", "x")));
        assertEquals(Map.of("LISTEN_PORT", "8080"), c.environmentWithDefaults(Map.of("LISTEN_PORT", "8080")));
    }

    // ---- builder validation: each setter at once

    @Test
    void badEnvNameIsRejectedAtTheSetter() {
        JailConfig.Builder b = JailConfig.builder();
        for (String bad : List.of("1ABC", "A-B", "A.B", "", "A B", "É")) {
            assertXc(ErrorCode.INVALID_NAME, "invalid environment variable name '" + bad + "'",
                    () -> b.env(bad, EnvSpec.withDefault("x")));
        }
        assertTrue(b.build().envs().isEmpty(), "a rejected setter changes nothing");
    }

    @Test
    void setterValidation() {
        JailConfig.Builder b = JailConfig.builder();
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "invalid config version '1.0'", () -> b.version("1.0"));
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "invalid secure_level 4", () -> b.secureLevel(4));
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "invalid secure_level -2", () -> b.secureLevel(-2));
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "without the 'allow.' prefix", () -> b.allow("allow.raw_sockets"));
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "invalid allow 'Raw sockets'", () -> b.allow("Raw sockets"));
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "contains a control character",
                () -> b.devfsRule("path bpf unhide\ninclude 1"));
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "devfs rule is empty", () -> b.devfsRule(" "));
        assertXc(ErrorCode.INVALID_SYNTAX, "invalid interpolated string 'path ${X unhide'",
                () -> b.devfsRule("path ${X unhide"));
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "invalid osreldate 0", () -> b.osreldate(0));
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "osrelease is empty", () -> b.osrelease(""));
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "volume name is empty", () -> b.mount("", VolumeSpec.at("/a")));
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "entry point name is empty",
                () -> b.entryPoint("", EntryPoint.of("/x")));
        assertEquals(JailConfig.empty(), b.build());
    }

    @Test
    void defaultEntryPointMustExistAtBuild() {
        JailConfig.Builder b = JailConfig.builder().entryPoint("main", EntryPoint.of("/x")).defaultEntryPoint("web");
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "default entry point 'web' is not one of the entry points [main]",
                b::build);
        assertEquals(Optional.of("main"), b.defaultEntryPoint("main").build().defaultEntryPoint());
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "default entry point 'main'",
                () -> b.removeEntryPoint("main").build());
    }

    @Test
    void twoVolumesOnOneMountPointAreRejectedAtBuild() {
        JailConfig.Builder b = JailConfig.builder().mount("data", VolumeSpec.at("/var/db"))
                .mount("/var/db", VolumeSpec.at("/var/db"));
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "volumes 'data' and '/var/db' both mount on /var/db", b::build);
    }

    @Test
    void duplicatesTheOriginalAppendedAreDropped() {
        List<String> allow = new ArrayList<>(List.of("raw_sockets", "mount.zfs", "raw_sockets"));
        JailConfig c = JailConfig.empty().toBuilder().specialMount(SpecialMount.procfs())
                .specialMount(SpecialMount.procfs()).build();
        assertEquals(1, c.specialMounts().size());
        JailConfig viaConstructor = new JailConfig("0.0.0+0", 0, false, Map.of(), List.of(), allow,
                SysvMode.NEW, SysvMode.NEW, SysvMode.NEW, Map.of(), Map.of(), Optional.empty(),
                List.of(SpecialMount.fdescfs(), SpecialMount.fdescfs()), Map.of(), Map.of(), List.of(), List.of(),
                false, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Optional.empty(),
                Optional.empty());
        assertEquals(List.of("raw_sockets", "mount.zfs"), viaConstructor.allow());
        assertEquals(List.of(SpecialMount.fdescfs()), viaConstructor.specialMounts());
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "special mount point /proc is given twice, as procfs and as tmpfs",
                () -> JailConfig.builder().specialMount(SpecialMount.procfs())
                        .specialMount(new SpecialMount("/proc", "tmpfs")).build());
    }

    @Test
    void allowAndDisallow() {
        JailConfig c = JailConfig.builder().allow("raw_sockets").allow("mount.zfs").allow("raw_sockets")
                .disallow("mount.zfs").build();
        assertEquals(List.of("raw_sockets"), c.allow());
    }

    @Test
    void collectionsAreCopiesAndUnmodifiable() {
        List<String> rules = new ArrayList<>(List.of("path bpf* unhide"));
        JailConfig c = JailConfig.empty().toBuilder().build();
        JailConfig withRules = new JailConfig(c.version(), 0, false, Map.of(), rules, List.of(), SysvMode.NEW,
                SysvMode.NEW, SysvMode.NEW, Map.of(), Map.of(), Optional.empty(), List.of(), Map.of(), Map.of(),
                List.of(), List.of(), false, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                Optional.empty(), Optional.empty());
        rules.add("path mem unhide");
        assertEquals(1, withRules.devfsRules().size());
        assertThrows(UnsupportedOperationException.class, () -> withRules.devfsRules().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> appendixC().envs().clear());
    }

    @Test
    void requiredMountsAreListed() {
        JailConfig c = JailConfig.builder()
                .mount("a", new VolumeSpec("", "/a", Map.of(), false, true))
                .mount("b", VolumeSpec.at("/b")).build();
        assertEquals(List.of("a"), c.requiredMounts());
    }
}
