package dev.xc.jail;

import dev.xc.api.spi.JailRuntime;
import dev.xc.api.spi.JailSpec;
import dev.xc.api.spi.MountSpec;
import dev.xc.api.spi.ProcessExit;
import dev.xc.api.spi.ProcessSpec;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Signal;
import dev.xc.api.spi.SupervisedProcess;
import dev.xc.host.LocalHost;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tier 5: the scenarios of {@link FreeBsdJailBackendTest} against the real kernel. Runs only on FreeBSD as root,
 * with a FreeBSD userland to jail in {@code XC_TEST_JAIL_ROOT} (for example an extracted base.txz); skipped elsewhere.
 */
@EnabledOnOs(OS.FREEBSD)
class FreeBsdIntegrationTest {

    @TempDir
    Path tmp;

    @Test
    void createRunKillRemove() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        String rootDir = System.getenv("XC_TEST_JAIL_ROOT");
        Assumptions.assumeTrue(rootDir != null, "set XC_TEST_JAIL_ROOT to a FreeBSD userland");
        Path root = Path.of(rootDir);
        JailRuntime rt = new FreeBsdJailProvider().create(new ProviderContext(LocalHost.create(), Map.of(), tmp));
        String name = "xctest" + ProcessHandle.current().pid();
        int jid = rt.create(new JailSpec(name, root, Map.of("host.hostname", "xctest"),
                List.of(new MountSpec("devfs", "devfs", "/dev", List.of("ruleset=4")))));
        try {
            assertEquals(jid, rt.find(name).orElseThrow().jid());
            Path out = tmp.resolve("out");
            SupervisedProcess p = rt.start(name, ProcessSpec.of(List.of("/bin/sh", "-c", "echo hi; exit 3"), out,
                    tmp.resolve("err")));
            assertEquals(Optional.of(ProcessExit.exited(3)), p.waitFor(Duration.ofSeconds(30)));
            assertEquals("hi\n", Files.readString(out));
            SupervisedProcess s = rt.start(name, ProcessSpec.of(List.of("/bin/sleep", "60"), out, tmp.resolve("e")));
            s.signal(Signal.KILL);
            assertEquals(9, s.waitFor(Duration.ofSeconds(30)).orElseThrow().signal());
        } finally {
            rt.remove(name);
        }
        assertTrue(rt.find(name).isEmpty());
    }
}
