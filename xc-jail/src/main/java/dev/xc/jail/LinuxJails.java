package dev.xc.jail;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.MountSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a jail whose root is a Linux userland needs from the Linuxulator (freebsd-facts.md 8.2, 8.3, 2.2):
 * the parameters {@code linux=new}, {@code linux.osname}, {@code linux.osrelease}, the mounts
 * <pre>
 * /proc     linprocfs          /sys      linsysfs
 * /dev      devfs ruleset=N    /dev/fd   fdescfs linrdlnk      /dev/shm  tmpfs mode=1777
 * </pre>
 * and a loaded {@code linux64} kernel module, checked with {@code kldstat -q -n linux64}. Stateless.
 */
public final class LinuxJails {

    /** The Linux release the Linuxulator of FreeBSD 14 reports by default (2.2). */
    public static final String DEFAULT_OSRELEASE = "5.15.0";

    private LinuxJails() {
    }

    /** {@code linux=new}, {@code linux.osname=Linux}, {@code linux.osrelease=RELEASE}, in jail(8) text form. */
    public static Map<String, String> parameters(String osrelease) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("linux", "new");
        p.put("linux.osname", "Linux");
        p.put("linux.osrelease", osrelease);
        JailParameter.parse("linux.osrelease", osrelease);
        return p;
    }

    /** The mounts in the order they are made (and unmade in reverse): devfs first, then what lives below it. */
    public static List<MountSpec> mounts(int devfsRuleset) {
        return List.of(
                new MountSpec("devfs", "devfs", "/dev", List.of("ruleset=" + devfsRuleset)),
                new MountSpec("fdescfs", "fdescfs", "/dev/fd", List.of("linrdlnk")),
                new MountSpec("tmpfs", "tmpfs", "/dev/shm", List.of("mode=1777")),
                new MountSpec("linprocfs", "linprocfs", "/proc", List.of()),
                new MountSpec("linsysfs", "linsysfs", "/sys", List.of()));
    }

    /** The command that tells whether the Linux ABI is loaded: exit 0 yes, 1 no. */
    public static Command abiCheck() {
        return Command.of("kldstat", "-q", "-n", "linux64");
    }

    /**
     * Checks that {@code linux64} is loaded on {@code host}.
     *
     * @throws XcException {@link ErrorCode#SANITY_CHECK_FAILED} when it is not, saying how to load it
     */
    public static void requireAbi(Host host) {
        CommandResult r = host.commands().run(abiCheck());
        if (!r.ok()) {
            throw XcException.of(ErrorCode.SANITY_CHECK_FAILED,
                    "the Linux ABI is not loaded: '" + abiCheck().display() + "' exited with status " + r.exitCode(),
                    "load it with 'kldload linux64' (and set linux_enable=\"YES\" in /etc/rc.conf to load it at "
                            + "boot)");
        }
    }
}
