package dev.xc.engine.internal.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.Lease;
import dev.xc.api.XcException;
import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.LogLine;
import dev.xc.api.container.LogOptions;
import dev.xc.api.container.RunRequest;
import dev.xc.api.event.Event;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.EntryPoint;
import dev.xc.api.image.ImageInfo;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.ImportRequest;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.VolumeSpec;
import dev.xc.api.volume.VolumeCreateRequest;
import dev.xc.api.volume.VolumeDriver;
import dev.xc.api.volume.VolumeInfo;
import dev.xc.engine.internal.XcEngine;
import dev.xc.testkit.SimulatedHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.xc.engine.internal.container.ContainerFixture.awaitState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Images made on this machine and what runs on them, on the simulated FreeBSD host: {@code xc image import} from a
 * directory and from a tar.gz, {@code set-config}, named volumes mounted into containers, and {@code xc link}.
 */
class LocalImageTest {

    @TempDir
    Path tmp;
    SimulatedHost host;
    XcEngine engine;
    Path tree;

    @BeforeEach
    void engine() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")) && Files.isExecutable(Path.of("/bin/busybox")),
                "bwrap and busybox are needed");
        host = ContainerFixture.host();
        engine = ContainerFixture.engine(tmp.resolve("state"), host);
        tree = ContainerFixture.busyboxTree(tmp.resolve("tree"));
    }

    @AfterEach
    void close() {
        if (engine != null) {
            for (ContainerInfo c : engine.containers()) {
                engine.removeContainer(c.id(), true);
            }
            engine.close();
        }
    }

    private ImageInfo importTree(String ref, JailConfig config) {
        return engine.importImage(new ImportRequest(tree, ImageReference.parse(ref), config), EventListener.NONE);
    }

    private String logs(String id) {
        List<LogLine> lines = new ArrayList<>();
        engine.logs(id, LogOptions.all(), lines::add);
        return String.join("\n", lines.stream().map(LogLine::text).toList());
    }

    private String runToEnd(RunRequest r) {
        ContainerInfo c = engine.run(r, EventListener.NONE);
        ContainerInfo done = awaitState(engine, c.id(), "exited");
        assertEquals(Optional.of(0), done.exitCode(), () -> logs(c.id()));
        return logs(c.id());
    }

    private static RunRequest.Builder sh(ImageReference image, String script) {
        return RunRequest.builder(image).entryPoint("/bin/sh", List.of("-c", script));
    }

    // ------------------------------------------------------------------ import

    @Test
    void aDirectoryBecomesAOneLayerImageThatRuns() {
        List<String> steps = new ArrayList<>();
        ImageInfo info = engine.importImage(new ImportRequest(tree, ImageReference.parse("xc-demo/busybox:1"),
                JailConfig.empty()), e -> {
                    if (e instanceof Event.Step s) {
                        steps.add(s.description());
                    }
                });
        assertEquals(1, info.diffIds().size());
        assertEquals("freebsd", info.platform().os());
        assertTrue(info.created().isPresent());
        assertTrue(steps.getLast().startsWith("imported xc-demo/busybox:1 sha256:"), steps::toString);
        assertEquals(List.of("xc-demo/busybox:1"), engine.images().stream().map(s -> s.reference().familiar()).toList());
        assertEquals("hello from busy", runToEnd(sh(info.reference(), "echo hello from $(hostname)").name("busy")
                .build()));
        // the same tree again gives the same layer (deterministic): the chain is shared
        ImageInfo again = importTree("xc-demo/busybox:2", JailConfig.empty());
        assertEquals(info.diffIds(), again.diffIds());
    }

    @Test
    void aTarGzBecomesAnImageWithTheGivenConfig() throws Exception {
        Path archive = tmp.resolve("root.tar.gz");
        Process p = new ProcessBuilder("tar", "-C", tree.toString(), "-czf", archive.toString(), ".")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        JailConfig config = JailConfig.builder().entryPoint("main", EntryPoint.of("/bin/sh", List.of("-c"))
                .withDefaultArgs(List.of("echo main of the archive"))).build();
        ImageInfo info = engine.importImage(new ImportRequest(archive, ImageReference.parse("local/tgz:1"), config),
                EventListener.NONE);
        assertEquals(config.entryPoints(), info.config().entryPoints());
        assertEquals("main of the archive", runToEnd(RunRequest.builder(info.reference()).build()));
    }

    @Test
    void importRefusesAMissingPathAndAReferenceWithoutTag() {
        XcException missing = assertThrows(XcException.class, () -> engine.importImage(new ImportRequest(
                tmp.resolve("nope"), ImageReference.parse("a/b:1"), JailConfig.empty()), EventListener.NONE));
        assertEquals(ErrorCode.IO_ERROR, missing.code());
        assertEquals("cannot import " + tmp.resolve("nope") + ": no such file or directory", missing.getMessage());
        XcException digest = assertThrows(XcException.class, () -> engine.importImage(new ImportRequest(tree,
                ImageReference.parse("a/b@sha256:" + "0".repeat(64)), JailConfig.empty()), EventListener.NONE));
        assertEquals(ErrorCode.INVALID_REFERENCE, digest.code());
        assertTrue(digest.getMessage().contains("needs a tag and no digest"), digest.getMessage());
    }

    @Test
    void replaceImageConfigGivesANewDigestOverTheSameLayers() {
        ImageInfo before = importTree("local/cfg:1", JailConfig.empty());
        JailConfig cfg = JailConfig.builder().entryPoint("main", EntryPoint.of("/bin/echo", List.of("patched")))
                .mount("data", new VolumeSpec("the data", "/data", Map.of("zfs.compression", "off"), false, false))
                .build();
        ImageInfo after = engine.replaceImageConfig(before.reference(), cfg);
        assertNotEquals(before.digest(), after.digest());
        assertEquals(before.diffIds(), after.diffIds());
        assertEquals(cfg.entryPoints(), engine.inspectImage(before.reference()).config().entryPoints());
        assertEquals(cfg.mounts(), engine.inspectImage(before.reference()).config().mounts());
        assertEquals("patched", runToEnd(RunRequest.builder(before.reference()).build()));
        XcException e = assertThrows(XcException.class, () -> engine.replaceImageConfig(
                ImageReference.parse("local/none:1"), cfg));
        assertEquals(ErrorCode.IMAGE_NOT_FOUND, e.code());
    }

    // ------------------------------------------------------------------ volumes

    @Test
    void aNamedVolumeIsMountedAndOutlivesItsContainers() throws IOException {
        ImageReference image = importTree("local/vol:1", JailConfig.builder()
                .mount("data", new VolumeSpec("", "/data", Map.of(), false, false)).build()).reference();
        VolumeInfo v = engine.createVolume(VolumeCreateRequest.of("pgdata", VolumeDriver.DIRECTORY));
        assertTrue(Files.isDirectory(v.device()), v.toString());
        assertEquals(List.of(), v.usedBy());

        // by path, and by the image's volume key
        runToEnd(sh(image, "echo written inside > /srv/f").name("w").volume("pgdata:/srv").build());
        assertEquals("written inside\n", Files.readString(v.device().resolve("f")));
        assertEquals("written inside", runToEnd(sh(image, "cat /data/f").name("r").volume("pgdata:data").build()));

        VolumeInfo listed = engine.volumes().getFirst();
        assertEquals(List.of("r", "w"), listed.usedBy());
        assertEquals(Optional.of(15L), listed.usedBytes());

        XcException busy = assertThrows(XcException.class, () -> engine.removeVolume("pgdata"));
        assertEquals(ErrorCode.RESOURCE_BUSY, busy.code());
        assertEquals("volume 'pgdata' is used by containers r (exited), w (exited)", busy.getMessage());
        assertEquals("remove them first: xc rm r w (xc rm -f stops a running one)", busy.hint());
        assertTrue(Files.exists(v.device().resolve("f")), "nothing was removed");

        engine.removeContainer("r", false);
        engine.removeContainer("w", false);
        engine.removeVolume("pgdata");
        assertFalse(Files.exists(v.device()));
        assertEquals(List.of(), engine.volumes());
        XcException gone = assertThrows(XcException.class, () -> engine.removeVolume("pgdata"));
        assertEquals(ErrorCode.VOLUME_NOT_FOUND, gone.code());
        assertEquals("no such volume pgdata", gone.getMessage());
    }

    @Test
    void anUnknownVolumeIsAProblemAndAnUnmountedImageVolumeAWarning() {
        ImageReference image = importTree("local/vol:2", JailConfig.builder()
                .mount("data", new VolumeSpec("", "/data", Map.of(), false, false)).build()).reference();
        var plan = engine.plan(sh(image, "true").volume("nothing:/data").build());
        assertEquals(List.of("no such volume nothing"), plan.problems().stream().map(p -> p.message()).toList());
        assertEquals("create it with 'xc volume create nothing', or mount a host directory, e.g. -v "
                + "/srv/nothing:/data", plan.problems().getFirst().hint());
        var unmounted = engine.plan(sh(image, "true").build());
        assertTrue(unmounted.isRunnable());
        assertTrue(unmounted.warnings().contains("volume 'data' of the image (/data) is not mounted: what the "
                + "container writes there stays in its root; mount one with -v NAME:data"), unmounted.warnings()::toString);
    }

    @Test
    void volumeCreationChecksNamesDriversTemplatesAndDevices() throws IOException {
        ImageReference image = importTree("local/tpl:1", JailConfig.builder()
                .mount("db", new VolumeSpec("database", "/var/db", Map.of("zfs.compression", "off", "note", "x"),
                        false, false)).build()).reference();
        engine.createVolume(VolumeCreateRequest.of("a", VolumeDriver.DIRECTORY));
        XcException twice = assertThrows(XcException.class,
                () -> engine.createVolume(VolumeCreateRequest.of("a", VolumeDriver.DIRECTORY)));
        assertEquals(ErrorCode.NAME_IN_USE, twice.code());
        assertEquals("volume 'a' already exists", twice.getMessage());

        XcException zfs = assertThrows(XcException.class,
                () -> engine.createVolume(VolumeCreateRequest.of("z", VolumeDriver.ZFS)));
        assertEquals(ErrorCode.HOST_UNSUPPORTED, zfs.code());
        assertEquals("volume 'z' asks for the zfs driver, but the storage backend is 'directory'", zfs.getMessage());

        XcException noSpec = assertThrows(XcException.class, () -> engine.createVolume(new VolumeCreateRequest("t",
                VolumeDriver.DIRECTORY, Optional.empty(), Map.of(), Optional.of(image), Optional.of("www"))));
        assertEquals(ErrorCode.VOLUME_NOT_FOUND, noSpec.code());
        assertEquals("image local/tpl:1 has no volume 'www' (it has: db)", noSpec.getMessage());
        engine.createVolume(new VolumeCreateRequest("t", VolumeDriver.DIRECTORY, Optional.empty(), Map.of(),
                Optional.of(image), Optional.of("db")));
        assertEquals(List.of("a", "t"), engine.volumes().stream().map(VolumeInfo::name).toList());

        Path external = Files.createDirectories(tmp.resolve("external"));
        Files.writeString(external.resolve("keep"), "x");
        VolumeInfo ext = engine.createVolume(new VolumeCreateRequest("ext", VolumeDriver.DIRECTORY,
                Optional.of(external), Map.of(), Optional.empty(), Optional.empty()));
        assertEquals(external, ext.device());
        engine.removeVolume("ext");
        assertTrue(Files.exists(external.resolve("keep")), "an external device is left alone");
        XcException missing = assertThrows(XcException.class, () -> engine.createVolume(new VolumeCreateRequest(
                "m", VolumeDriver.DIRECTORY, Optional.of(tmp.resolve("none")), Map.of(), Optional.empty(),
                Optional.empty())));
        assertEquals(ErrorCode.VOLUME_NOT_FOUND, missing.code());
    }

    @Test
    void volumesAreKeptInTheStateDatabase() {
        engine.createVolume(VolumeCreateRequest.of("kept", VolumeDriver.DIRECTORY));
        engine.close();
        engine = ContainerFixture.engine(tmp.resolve("state"), host);
        assertEquals(List.of("kept"), engine.volumes().stream().map(VolumeInfo::name).toList());
    }

    // ------------------------------------------------------------------ link

    @Test
    void closingALeaseKillsTheContainer() {
        ImageReference image = importTree("local/link:1", JailConfig.empty()).reference();
        ContainerInfo c = engine.run(sh(image, "sleep 60").name("linked").build(), EventListener.NONE);
        Lease lease = engine.link("linked");
        assertEquals("linked", lease.container());
        assertTrue(engine.inspectContainer(c.id()).state().isActive());
        lease.close();
        assertEquals("exited", engine.inspectContainer(c.id()).state().id());
        assertTrue(host.simulatedKernel().jail("linked").isEmpty());
        lease.close(); // idempotent

        XcException stopped = assertThrows(XcException.class, () -> engine.link("linked"));
        assertEquals(ErrorCode.RESOURCE_BUSY, stopped.code());
        XcException none = assertThrows(XcException.class, () -> engine.link("nope"));
        assertEquals(ErrorCode.CONTAINER_NOT_FOUND, none.code());
    }

    @Test
    void aLeaseOnAContainerThatEndedByItselfClosesQuietly() {
        ImageReference image = importTree("local/link:2", JailConfig.empty()).reference();
        ContainerInfo c = engine.run(sh(image, "sleep 1").name("short").build(), EventListener.NONE);
        Lease lease = engine.link(c.id());
        awaitState(engine, c.id(), "exited");
        lease.close();
        assertEquals(Optional.of(0), engine.inspectContainer(c.id()).exitCode());
    }
}
