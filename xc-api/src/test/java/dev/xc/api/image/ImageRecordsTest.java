package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.xc.api.image.Fixtures.assertXc;
import static dev.xc.api.image.Fixtures.orderedMap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The smaller records of the image config: volumes, entry points, mounts, datasets, env specs, System V modes. */
class ImageRecordsTest {

    @Test
    void zfsPropertiesTakeOnlyThePrefixAndStripIt() {
        VolumeSpec v = new VolumeSpec("data", "/data",
                orderedMap("zfs.compression", "off", "zfs.atime", "off", "nfs.zfs.x", "1", "backup", "daily"),
                false, false);
        assertEquals(List.of("compression", "atime"), List.copyOf(v.zfsProperties().keySet()));
        assertEquals(Map.of("compression", "off", "atime", "off"), v.zfsProperties());
        assertEquals(4, v.hints().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"relative/path", "", "/a/../etc", "/a/./b"})
    void volumeDestinationsMustBeAbsoluteAndPlain(String dest) {
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "volume destination '" + dest + "'", () -> VolumeSpec.at(dest));
    }

    @Test
    void zfsHintWithoutPropertyIsRejected() {
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "names no ZFS property",
                () -> new VolumeSpec("", "/a", Map.of("zfs.", "x"), false, false));
    }

    @Test
    void entryPointArguments() {
        EntryPoint ep = EntryPoint.of("/bin/echo", List.of("${GREETING:-hello}")).withDefaultArgs(List.of("$WHO"));
        assertEquals(List.of("hello", "world"), ep.resolveArguments(List.of(), Map.of("WHO", "world")));
        assertEquals(List.of("hi", "$HOME"), ep.resolveArguments(List.of("$HOME"), Map.of("GREETING", "hi")));
        assertEquals(List.of("${GREETING:-hello}", "$WHO"), ep.arguments(List.of()));
        assertEquals(List.of("${GREETING:-hello}", "x"), ep.arguments(List.of("x")));
        assertXc(ErrorCode.MISSING_ENV, "'WHO'", () -> ep.resolveArguments(List.of(), Map.of()));
    }

    @Test
    void entryPointAcceptsDockerStyleDollarArguments() {
        EntryPoint ep = EntryPoint.of("/bin/sh", List.of("-c", "echo $1 $@", "sh"));
        assertEquals(List.of("-c", "echo $1 $@", "sh"), ep.resolveArguments(List.of(), Map.of()));
    }

    @Test
    void entryPointValidation() {
        assertXc(ErrorCode.INVALID_NAME, "invalid environment variable name 'A-B' in the environ of entry point "
                + "'/x'", () -> EntryPoint.of("/x").withEnviron(Map.of("A-B", "1")));
        assertXc(ErrorCode.INVALID_NAME, "'1X'", () -> new EntryPoint("/x", List.of(), Map.of(), false, List.of(),
                List.of("1X"), Optional.empty(), Optional.empty(), Optional.empty()));
        assertXc(ErrorCode.INVALID_SYNTAX, "'${X'", () -> EntryPoint.of("/x", List.of("${X")));
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "working directory 'srv' is not an absolute path",
                () -> EntryPoint.of("/x").withWorkDir("srv"));
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "user is empty", () -> new EntryPoint("/x", List.of(), Map.of(),
                false, List.of(), List.of(), Optional.empty(), Optional.of(""), Optional.empty()));
    }

    @Test
    void missingRequiredEnvsOfAnEntryPoint() {
        EntryPoint ep = new EntryPoint("/x", List.of(), Map.of(), false, List.of(), List.of("A", "B"),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertEquals(List.of("B"), ep.missingEnvs(Map.of("A", "1")));
    }

    @Test
    void specialMounts() {
        assertEquals(new SpecialMount("/dev/fd", "fdescfs"), SpecialMount.fdescfs());
        for (String t : List.of("procfs", "fdescfs", "linprocfs", "linsysfs", "tmpfs")) {
            assertEquals(t, new SpecialMount("/m", t).mountType());
        }
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "unsupported special mount type 'nullfs' on /m",
                () -> new SpecialMount("/m", "nullfs"));
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "special mount point 'proc'", () -> new SpecialMount("proc", "procfs"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/zroot/a", "zroot/a/", "zroot//a", "zroot/a@snap", "zroot/a b", ""})
    void badDatasetNames(String name) {
        assertXc(ErrorCode.INVALID_IMAGE_CONFIG, "dataset name", () -> new DatasetSpec(name, true, Map.of()));
    }

    @Test
    void datasetKeepsPropertyOrder() {
        DatasetSpec d = new DatasetSpec("zroot/poudriere", true, orderedMap("recordsize", "1M", "atime", "off"));
        assertEquals(List.of("recordsize", "atime"), List.copyOf(d.requiredProps().keySet()));
    }

    @Test
    void envSpecs() {
        assertTrue(EnvSpec.required("pw").mustBeSupplied());
        assertFalse(EnvSpec.withDefault("80").mustBeSupplied());
        assertFalse(new EnvSpec(Optional.empty(), true, Optional.of("x")).mustBeSupplied());
        assertThrows(NullPointerException.class, () -> new EnvSpec(null, false, Optional.empty()));
    }

    @Test
    void sysvModes() {
        for (SysvMode m : SysvMode.values()) {
            assertEquals(m, SysvMode.parse(m.id()));
        }
        assertEquals(List.of("new", "inherit", "disable"),
                List.of(SysvMode.NEW.id(), SysvMode.INHERIT.id(), SysvMode.DISABLE.id()));
        assertXc(ErrorCode.INVALID_SYNTAX, "invalid System V IPC mode 'NEW'", () -> SysvMode.parse("NEW"));
    }

    @Test
    void commitRequestNamesAContainer() {
        ImageReference target = ImageReference.parse("local/app:1");
        assertEquals("web", new CommitRequest("web", target).container());
        assertXc(ErrorCode.INVALID_NAME, "container name is empty", () -> new CommitRequest(" ", target));
        assertXc(ErrorCode.INVALID_NAME, "contains a space", () -> new CommitRequest("a b", target));
    }
}
