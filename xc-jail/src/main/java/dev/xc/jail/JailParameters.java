package dev.xc.jail;

import dev.xc.api.ErrorCode;
import dev.xc.api.Problem;
import dev.xc.api.XcException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The catalogue of kernel jail parameters xc knows, each with its type and limits (freebsd-facts.md 2.1, 2.2), and
 * the rules that span several parameters (1.4). Parameters of jail(8) that are not kernel parameters
 * ({@code exec.start}, {@code mount.devfs}, {@code vnet.interface}, ...; 2.3) and read-only ones ({@code dying},
 * {@code parent}) are refused with a message that says so.
 *
 * <p>Immutable and thread-safe.
 */
public final class JailParameters {

    /** {@code MAXHOSTNAMELEN} - 1: the longest {@code name}, {@code host.hostname}, {@code host.domainname}. */
    public static final int MAX_HOSTNAME = 255;
    /** {@code MAXPATHLEN} - 1. */
    public static final int MAX_PATH = 1023;
    /** {@code security.jail.jail_max_af_ips} default. */
    public static final int MAX_ADDRESSES = 255;

    /** The file systems that register {@code allow.mount.<fs>} when loaded (freebsd-facts.md 2.1). */
    public static final Set<String> JAIL_FILESYSTEMS = Set.of("devfs", "fdescfs", "nullfs", "procfs", "tmpfs",
            "linprocfs", "linsysfs", "zfs", "fusefs");

    private static final Map<String, JailParameterDef> CATALOGUE;
    private static final Set<String> READ_ONLY = Set.of("parent", "dying", "children.cur", "cpuset.id");
    private static final Set<String> PSEUDO = Set.of("exec.prepare", "exec.prestart", "exec.created",
            "exec.start", "command", "exec.poststart", "exec.prestop", "exec.stop", "exec.poststop", "exec.release",
            "exec.clean", "exec.jail_user", "exec.system_jail_user", "exec.system_user", "exec.timeout",
            "exec.consolelog", "exec.fib", "stop.timeout", "interface", "vnet.interface", "zfs.dataset",
            "ip_hostname", "mount", "mount.fstab", "mount.devfs", "mount.fdescfs", "mount.procfs", "allow.dying",
            "depend");

    static {
        TreeMap<String, JailParameterDef> m = new TreeMap<>();
        String k21 = "freebsd-facts.md 2.1 (sys/kern/kern_jail.c)";
        string(m, "name", 1, MAX_HOSTNAME, false, k21);
        string(m, "path", 1, MAX_PATH, true, k21);
        string(m, "host.hostname", 0, MAX_HOSTNAME, false, k21);
        string(m, "host.domainname", 0, MAX_HOSTNAME, false, k21);
        string(m, "host.hostuuid", 0, 63, false, k21);
        string(m, "osrelease", 1, 31, true, "freebsd-facts.md 1.4 (osrelease 1-31 bytes)");
        integer(m, "jid", 1, 999_999, true, k21);
        integer(m, "securelevel", -1, 3, false, k21);
        integer(m, "enforce_statfs", 0, 2, false, "freebsd-facts.md 1.4 (enforce_statfs 0..2)");
        integer(m, "devfs_ruleset", 0, 65_535, false, "freebsd-facts.md 1.4 (devfs_rsnum is a uint16_t)");
        integer(m, "children.max", 0, Integer.MAX_VALUE, false, k21);
        integer(m, "osreldate", 1, Integer.MAX_VALUE, true, "freebsd-facts.md 1.4 (osreldate cannot be 0)");
        m.put("host.hostid", new JailParameterDef("host.hostid", JailParameterType.ULONG, 0, Long.MAX_VALUE, false,
                0, k21));
        for (String b : List.of("persist", "ip4.saddrsel", "ip6.saddrsel", "allow.set_hostname", "allow.sysvipc",
                "allow.raw_sockets", "allow.chflags", "allow.quotas", "allow.socket_af", "allow.mlock",
                "allow.reserved_ports", "allow.read_msgbuf", "allow.unprivileged_proc_debug", "allow.suser",
                "allow.nfsd", "allow.extattr", "allow.mount")) {
            bool(m, b, 0, k21);
        }
        for (String fs : JAIL_FILESYSTEMS) {
            bool(m, "allow.mount." + fs, 0, "freebsd-facts.md 2.1/2.2 (allow.mount.<fstype>, dynamic)");
        }
        bool(m, "allow.vmm", 0, "freebsd-facts.md 2.2 (vmm.ko)");
        for (String b : List.of("allow.adjtime", "allow.settime", "allow.routing", "allow.setaudit")) {
            bool(m, b, 1_500_000, "freebsd-facts.md 2.1 (15.0+)");
        }
        jailsys(m, "host", k21);
        jailsys(m, "vnet", k21);
        jailsys(m, "ip4", k21);
        jailsys(m, "ip6", k21);
        String k22 = "freebsd-facts.md 2.2 (sys/compat/linux/linux_mib.c)";
        jailsys(m, "linux", k22);
        string(m, "linux.osname", 1, 64, false, k22);
        string(m, "linux.osrelease", 1, 64, false, k22);
        integer(m, "linux.oss_version", 0, Integer.MAX_VALUE, false, k22);
        String sysv = "freebsd-facts.md 2.2 (sysvmsg/sysvsem/sysvshm)";
        jailsys(m, "sysvmsg", sysv);
        jailsys(m, "sysvsem", sysv);
        jailsys(m, "sysvshm", sysv);
        integer(m, "zfs.mount_snapshot", 0, 1, false, "freebsd-facts.md 2.2 (zfs.mount_snapshot)");
        m.put("ip4.addr", new JailParameterDef("ip4.addr", JailParameterType.IP4_LIST, 0, MAX_ADDRESSES, false, 0,
                "freebsd-facts.md 1.4 (S,in_addr,a)"));
        m.put("ip6.addr", new JailParameterDef("ip6.addr", JailParameterType.IP6_LIST, 0, MAX_ADDRESSES, false, 0,
                "freebsd-facts.md 1.4 (S,in6_addr,a)"));
        CATALOGUE = Collections.unmodifiableMap(m);
    }

    private JailParameters() {
    }

    private static void string(Map<String, JailParameterDef> m, String n, long min, long max, boolean create,
                               String src) {
        m.put(n, new JailParameterDef(n, JailParameterType.STRING, min, max, create, 0, src));
    }

    private static void integer(Map<String, JailParameterDef> m, String n, long min, long max, boolean create,
                                String src) {
        m.put(n, new JailParameterDef(n, JailParameterType.INT, min, max, create, 0, src));
    }

    private static void bool(Map<String, JailParameterDef> m, String n, int since, String src) {
        m.put(n, new JailParameterDef(n, JailParameterType.BOOL, 0, 1, false, since, src));
    }

    private static void jailsys(Map<String, JailParameterDef> m, String n, String src) {
        boolean create = n.equals("vnet") || n.equals("ip4") || n.equals("ip6");
        m.put(n, new JailParameterDef(n, JailParameterType.JAILSYS, 0, 2, create, 0, src));
    }

    /** Every parameter xc knows, by name. */
    public static Map<String, JailParameterDef> all() {
        return CATALOGUE;
    }

    /** The definition of {@code name}, if it is a settable kernel parameter xc knows. */
    public static Optional<JailParameterDef> lookup(String name) {
        return Optional.ofNullable(CATALOGUE.get(name));
    }

    /**
     * The definition of {@code name}.
     *
     * @throws XcException {@link ErrorCode#INVALID_ARGUMENT} for a jail(8) pseudo-parameter, a read-only parameter
     *         or an unknown name
     */
    public static JailParameterDef require(String name) {
        JailParameterDef d = CATALOGUE.get(name);
        if (d != null) {
            return d;
        }
        if (PSEUDO.contains(name) || name.startsWith("exec.")) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "'" + name + "' is a jail(8) pseudo-parameter, not a kernel jail parameter",
                    "xc does the work of jail(8) itself: use volumes, networks and the container's command instead");
        }
        if (READ_ONLY.contains(name)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "jail parameter '" + name + "' is read-only",
                    "leave it out; the kernel sets it");
        }
        throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "unknown jail parameter '" + name + "'",
                "use a kernel jail parameter such as host.hostname, allow.raw_sockets or enforce_statfs "
                        + "(sysctl -d security.jail.param lists them)");
    }

    /**
     * Checks the rules that span parameters, collecting every violation:
     * <ul>
     *   <li>a VNET jail has no {@code ip4}, {@code ip6}, {@code ip4.addr} or {@code ip6.addr} ("vnet jails cannot
     *       have IP address restrictions", 1.4);</li>
     *   <li>{@code ip4=inherit} (or {@code ip6}) is not combined with an address list (engine rule, 1.4);</li>
     *   <li>{@code vnet} and {@code linux} are {@code new} or {@code inherit}, never {@code disable} (1.4, 2.2);</li>
     *   <li>parameters newer than the host ({@code allow.adjtime} needs 15.0) are refused when {@code osreldate} is
     *       known.</li>
     * </ul>
     *
     * @throws XcException {@link ErrorCode#INVALID_ARGUMENT} listing each violation
     */
    public static void validate(List<JailParameter> params, Optional<Integer> hostOsreldate) {
        Map<String, JailParameter> byName = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        for (JailParameter p : params) {
            if (byName.put(p.name(), p) != null) {
                problems.add(problem("jail parameter '" + p.name() + "' is given twice", "give it once"));
            }
            int since = p.definition().sinceOsreldate();
            if (since > 0 && hostOsreldate.isPresent() && hostOsreldate.get() < since) {
                problems.add(problem("jail parameter '" + p.name() + "' needs kern.osreldate " + since
                        + " or later; this host has " + hostOsreldate.get(), "leave it out on this release"));
            }
        }
        JailParameter vnet = byName.get("vnet");
        if (vnet != null) {
            for (String ip : List.of("ip4", "ip6", "ip4.addr", "ip6.addr")) {
                if (byName.containsKey(ip)) {
                    problems.add(problem("'" + byName.get(ip) + "' cannot be combined with '" + vnet
                                    + "': vnet jails cannot have IP address restrictions",
                            "configure addresses inside the VNET jail (ifconfig on its epair) and leave " + ip
                                    + " out"));
                }
            }
        }
        for (String af : List.of("ip4", "ip6")) {
            if (byName.get(af) instanceof JailParameter.JailSys s && s.mode() == JailParameter.Mode.INHERIT
                    && byName.containsKey(af + ".addr")) {
                problems.add(problem("'" + s + "' and '" + byName.get(af + ".addr") + "' contradict each other: "
                        + "the address list would win", "give either " + af + "=inherit or " + af + ".addr"));
            }
        }
        if (!problems.isEmpty()) {
            throw XcException.ofProblems(ErrorCode.INVALID_ARGUMENT, "invalid jail parameters", problems);
        }
    }

    private static Problem problem(String message, String hint) {
        return new Problem(ErrorCode.INVALID_ARGUMENT, message, hint);
    }
}
