package dev.xc.jail;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.KernelCalls;
import dev.xc.api.spi.KernelParam;
import dev.xc.api.spi.MountSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One mount inside a jail root as {@code nmount(2)} takes it: {@code fstype}, {@code fspath}, the source
 * ({@code target} for nullfs, {@code from} for the others) and per-file-system options, checked against the options
 * each file system accepts (freebsd-facts.md 10.1, 8.3):
 * <pre>
 * devfs      ruleset=N (0..65535)                 mount -t devfs -o ruleset=10 devfs /jails/web/dev
 * nullfs     ro, nocache                          mount -t nullfs -o ro /srv/data /jails/web/data   (files too, 10.2)
 * tmpfs      mode=1777, size=64m, uid, gid, inodes, maxfilesize, nonc
 * fdescfs    linrdlnk, rdlnk, nodup
 * procfs, linprocfs, linsysfs   no options of their own
 * </pre>
 * {@code ro}, {@code noexec}, {@code nosuid} and {@code nocover} are accepted by every type; {@code ro} also sets
 * {@code MNT_RDONLY}, so a read-only volume really is read-only.
 *
 * @param fsType the file system type
 * @param source the host path (nullfs) or the type name
 * @param fspath the absolute mount point on the host, inside the jail root
 * @param options the options in order, {@code name} or {@code name=value}
 */
public record JailMount(String fsType, String source, Path fspath, List<String> options) {

    private static final Set<String> GENERIC = Set.of("ro", "noexec", "nosuid", "nocover");
    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "devfs", Set.of("ruleset"),
            "nullfs", Set.of("nocache"),
            "tmpfs", Set.of("mode", "size", "uid", "gid", "inodes", "maxfilesize", "nonc"),
            "fdescfs", Set.of("linrdlnk", "rdlnk", "nodup"),
            "procfs", Set.of(),
            "linprocfs", Set.of(),
            "linsysfs", Set.of());

    public JailMount {
        options = List.copyOf(options);
        if (!OPTIONS.containsKey(fsType)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "unsupported file system '" + fsType
                            + "' for a jail mount",
                    "use one of " + new java.util.TreeSet<>(OPTIONS.keySet()));
        }
        if (!fspath.isAbsolute()) {
            throw new IllegalArgumentException("fspath must be absolute: " + fspath);
        }
        for (String o : options) {
            int eq = o.indexOf('=');
            String key = eq < 0 ? o : o.substring(0, eq);
            if (!GENERIC.contains(key) && !OPTIONS.get(fsType).contains(key)) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                        "invalid option '" + o + "' for a " + fsType + " mount on " + fspath,
                        fsType + " accepts " + new java.util.TreeSet<>(OPTIONS.get(fsType)) + " and " + GENERIC);
            }
            if (key.equals("ruleset")) {
                String v = eq < 0 ? "" : o.substring(eq + 1);
                if (!v.matches("\\d{1,5}") || Integer.parseInt(v) > 65_535) {
                    throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                            "invalid option '" + o + "' for devfs on " + fspath + ": ruleset must be 0..65535",
                            "give the ruleset number, e.g. ruleset=10");
                }
            }
            if (key.equals("mode") && !(eq > 0 && o.substring(eq + 1).matches("[0-7]{3,4}"))) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                        "invalid option '" + o + "' for tmpfs on " + fspath + ": mode is octal",
                        "e.g. mode=1777");
            }
        }
    }

    /** The mount of {@code spec} under the jail root {@code root}, at {@code fspath}. */
    public static JailMount of(MountSpec spec, Path fspath) {
        return new JailMount(spec.fsType(), spec.source(), fspath, spec.options());
    }

    /** Whether it is mounted read-only. */
    public boolean readOnly() {
        return options.contains("ro");
    }

    /** The nmount(2) flags: {@code MNT_RDONLY} for {@code ro}. */
    public int flags() {
        return readOnly() ? KernelCalls.MNT_RDONLY : 0;
    }

    /** The nmount(2) iovec pairs. */
    public List<KernelParam> toKernel() {
        List<KernelParam> p = new ArrayList<>();
        p.add(KernelParam.text("fstype", fsType));
        p.add(KernelParam.text("fspath", fspath.toString()));
        p.add(KernelParam.text(fsType.equals("nullfs") ? "target" : "from", source));
        for (String o : options) {
            int eq = o.indexOf('=');
            p.add(eq < 0 ? KernelParam.flag(o) : KernelParam.text(o.substring(0, eq), o.substring(eq + 1)));
        }
        return p;
    }

    /** As mount(8) would show it: {@code nullfs /srv/data on /jails/web/data (ro)}. */
    @Override
    public String toString() {
        return fsType + " " + source + " on " + fspath + (options.isEmpty() ? "" : " (" + String.join(",", options)
                + ")");
    }
}
