package dev.xc.dist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.xc.dist.ModulePathTest.xc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What {@code bin/demo} does, through the command line on the assembled module path in separate JVMs, on the
 * simulated FreeBSD host: a busybox root becomes an image with {@code xc image import}, a container of it prints
 * what it was asked to, a named volume carries a file from one container to the next, and removal is refused while
 * a container mounts it.
 */
class ImportRunTest {

    private static final String MODULES = System.getProperty("xc.modules", "target/modules");

    @TempDir
    Path tmp;

    private Path busyboxRoot() throws Exception {
        Path root = tmp.resolve("rootfs");
        for (String d : new String[] {"bin", "etc", "tmp", "root"}) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String a : new String[] {"sh", "echo", "cat", "hostname", "id", "ls"}) {
            Files.createSymbolicLink(root.resolve("bin").resolve(a), Path.of("busybox"));
        }
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:Charlie &:/root:/bin/sh\n");
        return root;
    }

    @Test
    void anImportedBusyboxRunsAndANamedVolumeKeepsItsData() throws Exception {
        assumeFalse(System.getProperty("os.name").equals("FreeBSD"), "runs on the simulated host");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")) && Files.isExecutable(Path.of("/bin/busybox")),
                "needs bubblewrap and busybox-static");
        String state = tmp.resolve("state").toString();
        Path root = busyboxRoot();

        ModulePathTest.Run imported = xc(MODULES, "image", "import", "-q", "--embedded", "--state-dir", state,
                root.toString(), "xc-demo/busybox:1", "--entry-point", "/bin/sh", "--", "-c",
                "echo hello from the main entry point");
        assertEquals(0, imported.exit(), imported.out() + imported.err());
        assertTrue(imported.out().startsWith("imported xc-demo/busybox:1 sha256:"), imported.out());
        ModulePathTest.Run images = xc(MODULES, "images", "-H", "--embedded", "--state-dir", state);
        assertTrue(images.out().startsWith("xc-demo/busybox:1 "), images.out());

        ModulePathTest.Run run = xc(MODULES, "run", "--embedded", "--state-dir", state, "--name", "demo",
                "xc-demo/busybox:1", "/bin/sh", "-c", "echo hello from $(hostname); id -u");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertEquals("hello from demo\n0\n", run.out());
        ModulePathTest.Run main = xc(MODULES, "run", "--embedded", "--state-dir", state, "xc-demo/busybox:1");
        assertEquals("hello from the main entry point\n", main.out(), main.err());

        ModulePathTest.Run vol = xc(MODULES, "volume", "create", "--embedded", "--state-dir", state, "data");
        assertEquals(0, vol.exit(), vol.out() + vol.err());
        ModulePathTest.Run write = xc(MODULES, "run", "--embedded", "--state-dir", state, "--name", "writer",
                "-v", "data:/data", "xc-demo/busybox:1", "/bin/sh", "-c", "echo kept > /data/f");
        assertEquals(0, write.exit(), write.out() + write.err());
        ModulePathTest.Run read = xc(MODULES, "run", "--embedded", "--state-dir", state, "-v", "data:/mnt",
                "xc-demo/busybox:1", "/bin/sh", "-c", "cat /mnt/f");
        assertEquals("kept\n", read.out(), read.err());

        ModulePathTest.Run busy = xc(MODULES, "volume", "rm", "--embedded", "--state-dir", state, "data");
        assertEquals(4, busy.exit(), busy.err());
        assertTrue(busy.err().contains("xc: volume 'data' is used by containers writer (exited), xc-"), busy.err());
        ModulePathTest.Run list = xc(MODULES, "volume", "list", "-H", "--embedded", "--state-dir", state);
        assertTrue(list.out().startsWith("data  directory  "), list.out());
        assertTrue(list.out().contains("5 B"), list.out());
    }
}
