package dev.xc.host;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Platform;
import dev.xc.api.spi.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LocalHostTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void linuxIsReportedAsLinuxWithNoFreeBsdFeatures() {
        HostInfo info = LocalHost.create().info();
        assertFalse(info.isFreeBsd());
        assertEquals("Linux", info.osName());
        assertEquals(System.getProperty("os.version"), info.release());
        assertEquals(Optional.empty(), info.osreldate());
        assertEquals(Platform.normaliseArch(System.getProperty("os.arch").toLowerCase(Locale.ROOT)),
                info.architecture());
        assertEquals(Set.of(), info.kernelModules());
        assertFalse(info.zfs());
        assertFalse(info.pf());
        assertFalse(info.vnet());
        assertFalse(info.linuxAbi());
        assertFalse(info.simulated());
        assertEquals("Linux " + info.release() + " " + info.architecture(), info.summary());
    }

    @Test
    void infoIsProbedOnceAndKept() {
        LocalHost host = LocalHost.create();
        assertSame(host.info(), host.info());
    }

    @Test
    void toolPathsReachTheRunner() {
        LocalHost host = LocalHost.create(Map.of("zfs", Path.of("/sbin/zfs")));
        assertEquals(Map.of("zfs", Path.of("/sbin/zfs")), host.commands().toolPaths());
        XcException e = assertThrows(XcException.class, () -> LocalHost.create(Map.of("zfs", Path.of("zfs"))));
        assertEquals(ErrorCode.INVALID_CONFIG, e.code());
        assertEquals("tool path for 'zfs' must be absolute, got 'zfs'", e.getMessage());
    }
}
