package dev.xc.testkit.kernel;

import dev.xc.api.spi.KernelCalls;
import dev.xc.api.spi.KernelParam;
import dev.xc.api.spi.KernelParam.Value;
import dev.xc.api.spi.KernelResult;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A stand-in for FreeBSD 14's jail and mount system calls with the kernel's rules (freebsd-facts.md 1.2 to 1.7,
 * 2.1, 2.2, 10.1): a jail table with jids, names and parameters, a mount table, and the host's network interfaces
 * (which {@code ifconfig} and {@code route} of the simulated host change). Every call is journaled.
 *
 * <p>Rules enforced by {@link #jailSet}, each with the kernel's errno and {@code errmsg} text: flags outside
 * {@code JAIL_SET_MASK} (EINVAL); neither create nor update ("no valid operation (create or update)"); a new jail
 * without {@code persist} ("new jail must persist or attach"); wrong value sizes (EINVAL, no text); jailsys values
 * outside 0..2 and {@code disable} for {@code vnet}/{@code host}/{@code linux}; {@code vnet} with any IP parameter
 * ("vnet jails cannot have IP address restrictions"); create-only parameters on update ("X cannot be changed after
 * creation"); {@code enforce_statfs} 0..2; {@code devfs_ruleset} 0..65535; {@code osreldate} 0 ("osreldate cannot be
 * 0"); {@code osrelease} 1-31 bytes (ENAMETOOLONG); numeric names ("name cannot be numeric (unless it is the jid)");
 * dotted names need their parent ({@code jail "a" not found}); duplicate names and jids (EEXIST
 * {@code jail "x" already exists}, {@code jail 7 already exists}); updates of missing jails (ENOENT); too many
 * addresses; address clashes (EADDRINUSE "IPv4 addresses clash"); unknown parameters (EINVAL
 * {@code unknown parameter: X}); a missing or non-directory {@code path} (ENOENT, ENOTDIR). One rule is the
 * simulator's own and stricter than the kernel: a non-VNET jail may only get an address that a host interface has
 * (EADDRNOTAVAIL), which forces the order jail(8) uses (alias first, then the jail).
 *
 * <p>Thread-safe: every call holds the kernel's lock.
 */
public final class SimulatedKernel implements KernelCalls {

    /** FreeBSD 14's errno numbers for the names this kernel returns. */
    private static final Map<String, Integer> ERRNO = Map.ofEntries(Map.entry("EPERM", 1), Map.entry("ENOENT", 2),
            Map.entry("ESRCH", 3), Map.entry("EBUSY", 16), Map.entry("EEXIST", 17), Map.entry("ENODEV", 19),
            Map.entry("ENOTDIR", 20), Map.entry("EINVAL", 22), Map.entry("EAGAIN", 35),
            Map.entry("EADDRINUSE", 48), Map.entry("EADDRNOTAVAIL", 49), Map.entry("ENAMETOOLONG", 63));

    enum Type { STRING, INT, ULONG, BOOL, JAILSYS, IP4, IP6 }

    private static final Map<String, Type> PARAMS;
    private static final Set<String> CREATE_ONLY = Set.of("vnet", "ip4", "ip6", "osrelease", "osreldate", "path");
    private static final Set<String> ALLOW_ON_BY_DEFAULT = Set.of("allow.set_hostname", "allow.reserved_ports",
            "allow.unprivileged_proc_debug", "allow.suser");
    private static final Pattern LINUX_RELEASE = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(-.*)?");

    static {
        Map<String, Type> m = new TreeMap<>();
        for (String s : List.of("name", "path", "host.hostname", "host.domainname", "host.hostuuid", "osrelease",
                "linux.osname", "linux.osrelease")) {
            m.put(s, Type.STRING);
        }
        for (String s : List.of("jid", "securelevel", "enforce_statfs", "devfs_ruleset", "children.max",
                "osreldate", "linux.oss_version", "zfs.mount_snapshot", "lastjid", "parent", "children.cur",
                "cpuset.id")) {
            m.put(s, Type.INT);
        }
        m.put("host.hostid", Type.ULONG);
        for (String s : List.of("persist", "dying", "ip4.saddrsel", "ip6.saddrsel", "allow.set_hostname",
                "allow.sysvipc", "allow.raw_sockets", "allow.chflags", "allow.quotas", "allow.socket_af",
                "allow.mlock", "allow.reserved_ports", "allow.read_msgbuf", "allow.unprivileged_proc_debug",
                "allow.suser", "allow.nfsd", "allow.extattr", "allow.mount", "allow.vmm")) {
            m.put(s, Type.BOOL);
        }
        for (String fs : List.of("devfs", "fdescfs", "nullfs", "procfs", "tmpfs", "linprocfs", "linsysfs", "zfs",
                "fusefs")) {
            m.put("allow.mount." + fs, Type.BOOL);
        }
        for (String s : List.of("host", "vnet", "ip4", "ip6", "linux", "sysvmsg", "sysvsem", "sysvshm")) {
            m.put(s, Type.JAILSYS);
        }
        m.put("ip4.addr", Type.IP4);
        m.put("ip6.addr", Type.IP6);
        PARAMS = Collections.unmodifiableMap(m);
    }

    /** A jail as the simulated kernel keeps it. */
    public record Jail(int jid, String name, Path path, boolean vnet, List<InetAddress> addresses,
                       Map<String, Object> parameters) {
        public Jail {
            addresses = List.copyOf(addresses);
            parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
        }

        /** A parameter's value as jail_get would report it. */
        public Optional<Object> parameter(String name) {
            return Optional.ofNullable(parameters.get(name));
        }
    }

    /** A mounted file system. */
    public record Mount(String fsType, String source, Path fspath, Map<String, String> options, int flags) {
        public Mount {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        public boolean readOnly() {
            return (flags & MNT_RDONLY) != 0 || options.containsKey("ro");
        }
    }

    private final Object lock = new Object();
    private final TreeMap<Integer, Jail> jails = new TreeMap<>();
    private final List<Mount> mounts = new ArrayList<>();
    private final Set<String> modules = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final int osreldate;
    private final String osrelease;
    private final Interfaces interfaces;
    private final Consumer<String> journal;
    private final List<Consumer<Integer>> removalListeners = new ArrayList<>();
    /** Processes started in each jail: jid to {pid, start time in epoch milliseconds}. */
    private final TreeMap<Integer, List<long[]>> processes = new TreeMap<>();
    private int lastJid;

    /**
     * A kernel with {@code modules} loaded ({@code linux64} enables the {@code linux*} parameters and linprocfs and
     * linsysfs) that reports {@code osrelease}/{@code osreldate}, with the given interfaces, journaling each call
     * into {@code journal}.
     */
    public SimulatedKernel(Set<String> modules, String osrelease, int osreldate, Interfaces interfaces,
                           Consumer<String> journal) {
        this.modules.addAll(modules);
        this.osrelease = osrelease;
        this.osreldate = osreldate;
        this.interfaces = interfaces;
        this.journal = journal;
    }

    /** The network interfaces of the host and of VNET jails. */
    public Interfaces interfaces() {
        return interfaces;
    }

    /** The loaded kernel modules (file names without {@code .ko}). */
    public Set<String> modules() {
        return Set.copyOf(modules);
    }

    /** Loads a module; false when it was loaded already. */
    public boolean load(String module) {
        journal.accept("kldload " + module);
        return modules.add(module);
    }

    /** The {@code kern.osreldate} it reports. */
    public int osreldate() {
        return osreldate;
    }

    /** The {@code kern.osrelease} it reports. */
    public String osrelease() {
        return osrelease;
    }

    /** Called with the jid of every jail removed, to end its processes. */
    public void onRemove(Consumer<Integer> listener) {
        synchronized (lock) {
            removalListeners.add(listener);
        }
    }

    /**
     * Records that process {@code pid} runs in jail {@code jid}, so that removing the jail ends it even when the
     * JVM that started it is gone (a persisted host shared by a restarted daemon).
     */
    public void attachProcess(int jid, long pid) {
        long start = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(java.time.Instant::toEpochMilli)
                .orElse(0L);
        synchronized (lock) {
            processes.computeIfAbsent(jid, k -> new ArrayList<>()).add(new long[] {pid, start});
        }
    }

    /** The processes recorded in jail {@code jid} that still run (the same pid and start time). */
    public List<ProcessHandle> processes(int jid) {
        List<long[]> recorded;
        synchronized (lock) {
            recorded = List.copyOf(processes.getOrDefault(jid, List.of()));
        }
        List<ProcessHandle> out = new ArrayList<>();
        for (long[] r : recorded) {
            ProcessHandle.of(r[0]).filter(ProcessHandle::isAlive).filter(h -> r[1] == 0 || h.info().startInstant()
                    .map(i -> i.toEpochMilli() == r[1]).orElse(true)).ifPresent(out::add);
        }
        return out;
    }

    /** The jails, by jid. */
    public List<Jail> jails() {
        synchronized (lock) {
            return List.copyOf(jails.values());
        }
    }

    /** The jail with {@code jid} or name {@code key}, as jail_getid(3) resolves it (digits: a jid). */
    public Optional<Jail> jail(String key) {
        synchronized (lock) {
            if (!key.isEmpty() && key.chars().allMatch(Character::isDigit)) {
                try {
                    return Optional.ofNullable(jails.get(Integer.parseInt(key)));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
            return byName(key);
        }
    }

    /** The mount table in mount order. */
    public List<Mount> mounts() {
        synchronized (lock) {
            return List.copyOf(mounts);
        }
    }

    private Optional<Jail> byName(String name) {
        return jails.values().stream().filter(j -> j.name().equals(name)).findFirst();
    }

    private boolean linux() {
        return modules.contains("linux64") || modules.contains("linux");
    }

    private Optional<Type> typeOf(String name) {
        if (name.startsWith("linux") && !linux()) {
            return Optional.empty();
        }
        return Optional.ofNullable(PARAMS.get(name));
    }

    // ---------------------------------------------------------------------------------------------------- state

    /**
     * The kernel's state as plain JSON values (maps, lists, strings, numbers, booleans): the jail table, the mount
     * table, loaded modules, the last jid, the interfaces and default routes, and the processes of each jail that
     * still run. {@link #importState} takes it back; the simulated host persists it between processes.
     */
    public Map<String, Object> exportState() {
        synchronized (lock) {
            Map<String, Object> m = new TreeMap<>();
            m.put("lastJid", lastJid);
            m.put("modules", new java.util.TreeSet<>(modules).stream().toList());
            List<Object> js = new ArrayList<>();
            for (Jail j : jails.values()) {
                Map<String, Object> o = new TreeMap<>();
                o.put("jid", j.jid());
                o.put("name", j.name());
                o.put("path", j.path().toString());
                o.put("vnet", j.vnet());
                o.put("addresses", j.addresses().stream().map(InetAddress::getHostAddress).toList());
                o.put("parameters", new TreeMap<>(j.parameters()));
                js.add(o);
            }
            m.put("jails", js);
            List<Object> ms = new ArrayList<>();
            for (Mount mt : mounts) {
                Map<String, Object> o = new TreeMap<>();
                o.put("fsType", mt.fsType());
                o.put("source", mt.source());
                o.put("fspath", mt.fspath().toString());
                o.put("options", new ArrayList<>(mt.options().entrySet().stream()
                        .map(e -> List.of(e.getKey(), e.getValue())).toList()));
                o.put("flags", mt.flags());
                ms.add(o);
            }
            m.put("mounts", ms);
            Map<String, Object> ps = new TreeMap<>();
            processes.forEach((jid, l) -> {
                List<Object> alive = new ArrayList<>();
                for (long[] r : l) {
                    if (ProcessHandle.of(r[0]).map(ProcessHandle::isAlive).orElse(false)) {
                        alive.add(List.of(r[0], r[1]));
                    }
                }
                if (!alive.isEmpty()) {
                    ps.put(Integer.toString(jid), alive);
                }
            });
            m.put("processes", ps);
            m.put("interfaces", interfaces.exportState());
            return m;
        }
    }

    /** Replaces the kernel's state with one {@link #exportState} produced. */
    @SuppressWarnings("unchecked")
    public void importState(Map<String, Object> state) {
        synchronized (lock) {
            lastJid = ((Number) state.get("lastJid")).intValue();
            modules.clear();
            modules.addAll((List<String>) state.get("modules"));
            jails.clear();
            for (Object o : (List<Object>) state.get("jails")) {
                Map<String, Object> j = (Map<String, Object>) o;
                List<InetAddress> addrs = new ArrayList<>();
                for (String a : (List<String>) j.get("addresses")) {
                    addrs.add(InetAddress.ofLiteral(a));
                }
                Map<String, Object> params = new TreeMap<>();
                ((Map<String, Object>) j.get("parameters")).forEach((k, v) -> params.put(k,
                        PARAMS.get(k) == Type.ULONG ? (Object) ((Number) v).longValue()
                                : v instanceof Number n ? (Object) n.intValue() : v));
                int jid = ((Number) j.get("jid")).intValue();
                jails.put(jid, new Jail(jid, (String) j.get("name"), Path.of((String) j.get("path")),
                        (Boolean) j.get("vnet"), addrs, params));
            }
            mounts.clear();
            for (Object o : (List<Object>) state.get("mounts")) {
                Map<String, Object> mt = (Map<String, Object>) o;
                Map<String, String> opts = new LinkedHashMap<>();
                for (Object kv : (List<Object>) mt.get("options")) {
                    List<String> p = (List<String>) kv;
                    opts.put(p.get(0), p.get(1));
                }
                mounts.add(new Mount((String) mt.get("fsType"), (String) mt.get("source"),
                        Path.of((String) mt.get("fspath")), opts, ((Number) mt.get("flags")).intValue()));
            }
            processes.clear();
            ((Map<String, Object>) state.get("processes")).forEach((jid, l) -> {
                List<long[]> rs = new ArrayList<>();
                for (Object r : (List<Object>) l) {
                    List<Number> n = (List<Number>) r;
                    rs.add(new long[] {n.get(0).longValue(), n.get(1).longValue()});
                }
                processes.put(Integer.parseInt(jid), rs);
            });
            interfaces.importState((Map<String, Object>) state.get("interfaces"));
        }
    }

    // ---------------------------------------------------------------------------------------------------- jail_set

    @Override
    public KernelResult jailSet(List<KernelParam> params, int flags) {
        synchronized (lock) {
            KernelResult r = doJailSet(params, flags);
            journal.accept("jail_set(" + render(params) + ", 0x" + Integer.toHexString(flags) + ") = " + brief(r));
            return r;
        }
    }

    private static String render(List<KernelParam> params) {
        StringBuilder sb = new StringBuilder();
        for (KernelParam p : params) {
            sb.append(sb.isEmpty() ? "" : " ").append(p);
        }
        return sb.toString();
    }

    private static String brief(KernelResult r) {
        return r.failed() ? "-1 " + r.errnoName() + (r.errmsg().isEmpty() ? "" : " \"" + r.errmsg() + "\"")
                : Integer.toString(r.value());
    }

    private static KernelResult fail(String fn, String errno, String msg) {
        return KernelResult.failure(fn, ERRNO.get(errno), errno, msg);
    }

    /** The options after vfs_buildopts(): the last of a repeated name (X and noX count as one) wins. */
    private static LinkedHashMap<String, KernelParam> options(List<KernelParam> params) {
        LinkedHashMap<String, KernelParam> out = new LinkedHashMap<>();
        for (KernelParam p : params) {
            String key = positive(p.name());
            out.remove(key);
            out.put(key, p);
        }
        return out;
    }

    private static String positive(String name) {
        int dot = name.lastIndexOf('.');
        String last = name.substring(dot + 1);
        if (last.startsWith("no") && last.length() > 2 && PARAMS.get(name.substring(0, dot + 1) + last.substring(2))
                == Type.BOOL) {
            return name.substring(0, dot + 1) + last.substring(2);
        }
        return name;
    }

    private KernelResult doJailSet(List<KernelParam> raw, int flags) {
        String fn = "jail_set";
        if ((flags & ~JAIL_SET_MASK) != 0) {
            return fail(fn, "EINVAL", "");
        }
        if ((flags & (JAIL_CREATE | JAIL_UPDATE)) == 0) {
            return fail(fn, "EINVAL", "no valid operation (create or update)");
        }
        if ((flags & JAIL_ATTACH) != 0) {
            return fail(fn, "EPERM", "the simulated kernel refuses JAIL_ATTACH: it would jail the calling JVM");
        }
        LinkedHashMap<String, KernelParam> opts = options(raw);
        Map<String, Object> values = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (KernelParam p : opts.values()) {
            String key = positive(p.name());
            if (key.equals("errmsg")) {
                continue;
            }
            Optional<Type> type = typeOf(key);
            if (type.isEmpty() || Set.of("lastjid", "parent", "children.cur", "cpuset.id", "dying").contains(key)) {
                unknown.add(p.name());
                continue;
            }
            Value v = p.value();
            switch (type.get()) {
                case STRING -> {
                    if (!(v instanceof Value.Text t)) {
                        return fail(fn, "EINVAL", "");
                    }
                    values.put(key, t.text());
                }
                case INT, JAILSYS -> {
                    if (!(v instanceof Value.Int32 i)) {
                        return fail(fn, "EINVAL", "");
                    }
                    values.put(key, i.value());
                }
                case ULONG -> {
                    if (!(v instanceof Value.Int64 l)) {
                        return fail(fn, "EINVAL", "");
                    }
                    values.put(key, l.value());
                }
                case BOOL -> values.put(key, !p.name().equals(key) ? 0 : 1);
                case IP4, IP6 -> {
                    int size = type.get() == Type.IP4 ? 4 : 16;
                    byte[] b = switch (v) {
                        case Value.Bytes bytes -> bytes.bytes();
                        case Value.Flag f -> new byte[0];
                        default -> null;
                    };
                    if (b == null || b.length % size != 0) {
                        return fail(fn, "EINVAL", "");
                    }
                    if (b.length / size > 255) {
                        return fail(fn, "EINVAL", "too many " + (size == 4 ? "IPv4" : "IPv6") + " addresses");
                    }
                    values.put(key, addresses(b, size));
                }
            }
        }
        for (String js : List.of("host", "vnet", "ip4", "ip6", "linux", "sysvmsg", "sysvsem", "sysvshm")) {
            if (values.get(js) instanceof Integer i) {
                if (i < 0 || i > 2 || (i == 0 && Set.of("host", "vnet", "linux").contains(js))) {
                    return fail(fn, "EINVAL", "");
                }
            }
        }
        boolean create = (flags & JAIL_CREATE) != 0;
        boolean update = (flags & JAIL_UPDATE) != 0;
        if (create && !update && !values.containsKey("persist") && opts.keySet().stream()
                .noneMatch(k -> k.equals("persist"))) {
            return fail(fn, "EINVAL", "new jail must persist or attach");
        }
        if (update) {
            for (String c : List.of("vnet", "ip4", "ip6", "osrelease", "osreldate", "path")) {
                if (values.containsKey(c)) {
                    return fail(fn, "EINVAL", c + " cannot be changed after creation");
                }
            }
        }
        if (values.containsKey("vnet") && (values.containsKey("ip4") || values.containsKey("ip6")
                || values.containsKey("ip4.addr") || values.containsKey("ip6.addr"))) {
            return fail(fn, "EINVAL", "vnet jails cannot have IP address restrictions");
        }
        if (values.get("enforce_statfs") instanceof Integer e && (e < 0 || e > 2)) {
            return fail(fn, "EINVAL", "");
        }
        if (values.get("devfs_ruleset") instanceof Integer d && (d < 0 || d > 65_535)) {
            return fail(fn, "EINVAL", "");
        }
        if (values.get("osreldate") instanceof Integer o && o == 0) {
            return fail(fn, "EINVAL", "osreldate cannot be 0");
        }
        if (values.get("osrelease") instanceof String s && (s.isEmpty() || utf8(s) >= 32)) {
            return fail(fn, "ENAMETOOLONG", "osrelease string must be 1-31 bytes long");
        }
        for (String s : List.of("name", "host.hostname", "host.domainname")) {
            if (values.get(s) instanceof String v && utf8(v) >= 256) {
                return fail(fn, "ENAMETOOLONG", "");
            }
        }
        if (values.get("path") instanceof String p && utf8(p) >= 1024) {
            return fail(fn, "ENAMETOOLONG", "");
        }
        if (values.get("linux.osrelease") instanceof String lr) {
            var m = LINUX_RELEASE.matcher(lr);
            if (!m.matches() || Long.parseLong(m.group(1)) < 1) {
                return fail(fn, "EINVAL", "linux.osrelease format error");
            }
        }
        if (values.get("jid") instanceof Integer j && j < 0) {
            return fail(fn, "EINVAL", "negative jid");
        }
        // find the jail
        int jid = values.get("jid") instanceof Integer j ? j : 0;
        String name = values.get("name") instanceof String n ? n : "";
        String component = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : name;
        if (name.contains(".")) {
            String parent = name.substring(0, name.lastIndexOf('.'));
            if (byName(parent).isEmpty()) {
                return fail(fn, "ENOENT", "jail \"" + parent + "\" not found");
            }
        }
        if (!component.isEmpty() && component.chars().allMatch(Character::isDigit)) {
            boolean normal = component.charAt(0) != '0' && component.length() <= 6;
            if (!normal || (jid != 0 && Integer.parseInt(component) != jid)) {
                return fail(fn, "EINVAL", "name cannot be numeric (unless it is the jid)");
            }
            jid = Integer.parseInt(component);
        }
        Jail existing = jid != 0 ? jails.get(jid) : name.isEmpty() ? null : byName(name).orElse(null);
        if (existing != null && !update) {
            return jid != 0 && values.containsKey("jid")
                    ? fail(fn, "EEXIST", "jail " + jid + " already exists")
                    : fail(fn, "EEXIST", "jail \"" + existing.name() + "\" already exists");
        }
        if (existing == null && !create) {
            return jid != 0 ? fail(fn, "ENOENT", "jail " + jid + " not found")
                    : name.isEmpty() ? fail(fn, "ENOENT", "update specified no jail")
                    : fail(fn, "ENOENT", "jail \"" + name + "\" not found");
        }
        if (existing != null && byName(name).filter(o -> o.jid() != existing.jid()).isPresent()) {
            return fail(fn, "EEXIST", "jail \"" + name + "\" already exists");
        }
        if (!unknown.isEmpty()) {
            return fail(fn, "EINVAL", "unknown parameter: " + unknown.getFirst());
        }
        boolean vnet = existing != null ? existing.vnet() : values.containsKey("vnet");
        if (existing != null && vnet && (values.containsKey("ip4.addr") || values.containsKey("ip6.addr"))) {
            return fail(fn, "EINVAL", "vnet jails cannot have IP address restrictions");
        }
        @SuppressWarnings("unchecked")
        List<InetAddress> addrs = new ArrayList<>();
        for (String af : List.of("ip4.addr", "ip6.addr")) {
            if (values.get(af) instanceof List<?> l) {
                for (Object o : l) {
                    InetAddress a = (InetAddress) o;
                    String t = a.getHostAddress();
                    if (a.isAnyLocalAddress() || t.equals("255.255.255.255") || addrs.contains(a)) {
                        return fail(fn, "EINVAL", "");
                    }
                    addrs.add(a);
                }
            } else if (existing != null) {
                existing.addresses().stream().filter(a -> (a.getAddress().length == 4) == af.equals("ip4.addr"))
                        .forEach(addrs::add);
            }
        }
        for (InetAddress a : addrs) {
            if (!vnet && !interfaces.hostHas(a)) {
                return fail(fn, "EADDRNOTAVAIL", "ip address " + a.getHostAddress() + " is not configured on any "
                        + "host interface (simulated host: add the alias first, as jail(8) does)");
            }
            for (Jail other : jails.values()) {
                if (existing != null && other.jid() == existing.jid()) {
                    continue;
                }
                if (other.addresses().contains(a) && (other.addresses().size() > 1 || addrs.size() > 1)) {
                    return fail(fn, "EADDRINUSE", (a.getAddress().length == 4 ? "IPv4" : "IPv6")
                            + " addresses clash");
                }
            }
        }
        Path path;
        if (existing != null) {
            path = existing.path();
        } else {
            path = Path.of(values.get("path") instanceof String p ? p : "/");
            if (!Files.exists(path)) {
                return fail(fn, "ENOENT", "");
            }
            if (!Files.isDirectory(path)) {
                return fail(fn, "ENOTDIR", "");
            }
        }
        // commit
        Map<String, Object> stored = new TreeMap<>(existing != null ? existing.parameters() : defaults());
        values.forEach((k, v) -> {
            if (!k.equals("ip4.addr") && !k.equals("ip6.addr") && !k.equals("jid")) {
                stored.put(k, v);
            }
        });
        if (existing == null) {
            if (jid == 0) {
                do {
                    lastJid = lastJid >= JAIL_MAX ? 1 : lastJid + 1;
                } while (jails.containsKey(lastJid));
                jid = lastJid;
            }
            if (name.isEmpty()) {
                name = Integer.toString(jid);
            }
            stored.put("ip4", values.containsKey("ip4.addr") || !values.containsKey("ip4")
                    ? JAIL_SYS_DISABLE : (int) values.get("ip4"));
            stored.put("ip6", values.containsKey("ip6.addr") || !values.containsKey("ip6")
                    ? JAIL_SYS_DISABLE : (int) values.get("ip6"));
            if (vnet) {
                stored.remove("ip4");
                stored.remove("ip6");
                interfaces.createVnet(jid);
            }
        } else {
            jid = existing.jid();
            name = existing.name();
        }
        stored.put("name", name);
        stored.put("path", path.toString());
        stored.put("jid", jid);
        Jail jail = new Jail(jid, name, path, vnet, addrs, stored);
        jails.put(jid, jail);
        return KernelResult.ok("jail_set", jid);
    }

    private Map<String, Object> defaults() {
        Map<String, Object> d = new TreeMap<>();
        PARAMS.forEach((k, t) -> {
            if (t == Type.BOOL && (k.startsWith("allow.") || k.equals("persist"))) {
                d.put(k, ALLOW_ON_BY_DEFAULT.contains(k) ? 1 : 0);
            }
        });
        d.put("ip4.saddrsel", 1);
        d.put("ip6.saddrsel", 1);
        d.put("dying", 0);
        d.put("enforce_statfs", 2);
        d.put("devfs_ruleset", 0);
        d.put("children.max", 0);
        d.put("children.cur", 0);
        d.put("parent", 0);
        d.put("securelevel", -1);
        d.put("osrelease", osrelease);
        d.put("osreldate", osreldate);
        d.put("host.hostname", "");
        d.put("host.domainname", "");
        d.put("host.hostuuid", "00000000-0000-0000-0000-000000000000");
        d.put("host.hostid", 0L);
        d.put("host", JAIL_SYS_NEW);
        d.put("vnet", JAIL_SYS_INHERIT);
        for (String s : List.of("sysvmsg", "sysvsem", "sysvshm")) {
            d.put(s, JAIL_SYS_DISABLE);
        }
        if (linux()) {
            d.put("linux", JAIL_SYS_INHERIT);
            d.put("linux.osname", "Linux");
            d.put("linux.osrelease", "5.15.0");
            d.put("linux.oss_version", 0x030600);
        }
        return d;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static List<InetAddress> addresses(byte[] b, int size) {
        List<InetAddress> out = new ArrayList<>();
        for (int i = 0; i < b.length; i += size) {
            try {
                out.add(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, i, i + size)));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------- jail_get

    @Override
    public KernelResult jailGet(List<KernelParam> params, int flags) {
        synchronized (lock) {
            KernelResult r = doJailGet(params, flags);
            journal.accept("jail_get(" + render(params) + ", 0x" + Integer.toHexString(flags) + ") = " + brief(r));
            return r;
        }
    }

    private KernelResult doJailGet(List<KernelParam> params, int flags) {
        String fn = "jail_get";
        if ((flags & ~JAIL_GET_MASK) != 0) {
            return fail(fn, "EINVAL", "");
        }
        Jail jail = null;
        boolean keyed = false;
        for (KernelParam p : params) {
            switch (p.name()) {
                case "jid" -> {
                    if (p.value() instanceof Value.Int32 i && i.value() != 0) {
                        keyed = true;
                        jail = jails.get(i.value());
                        if (jail == null) {
                            return fail(fn, "ENOENT", "jail " + i.value() + " not found");
                        }
                    }
                }
                case "name" -> {
                    if (!keyed && p.value() instanceof Value.Text t && !t.text().isEmpty()) {
                        keyed = true;
                        jail = byName(t.text()).orElse(null);
                        if (jail == null) {
                            return fail(fn, "ENOENT", "jail \"" + t.text() + "\" not found");
                        }
                    }
                }
                case "lastjid" -> {
                    if (!keyed && p.value() instanceof Value.Int32 i) {
                        keyed = true;
                        var next = jails.higherEntry(i.value());
                        if (next == null) {
                            return fail(fn, "ENOENT", "no jail after " + i.value());
                        }
                        jail = next.getValue();
                    }
                }
                default -> {
                }
            }
        }
        if (!keyed || jail == null) {
            return fail(fn, "ENOENT", "no jail specified");
        }
        Map<String, Value> out = new LinkedHashMap<>();
        for (KernelParam p : params) {
            if (!(p.value() instanceof Value.Out o) || p.name().equals("errmsg")) {
                continue;
            }
            String key = positive(p.name());
            boolean negate = !key.equals(p.name());
            Optional<Type> type = typeOf(key);
            Object v = key.equals("ip4.addr") || key.equals("ip6.addr") ? jail.addresses().stream()
                    .filter(a -> (a.getAddress().length == 4) == key.equals("ip4.addr")).toList()
                    : jail.parameters().get(key);
            if (type.isEmpty() || v == null) {
                return fail(fn, "EINVAL", "unknown parameter: " + p.name());
            }
            switch (type.get()) {
                case STRING -> {
                    String s = (String) v;
                    if (o.size() < utf8(s) + 1) {
                        return fail(fn, "EINVAL", "");
                    }
                    out.put(p.name(), new Value.Text(s));
                }
                case INT, JAILSYS, BOOL -> {
                    if (o.size() != 4) {
                        return fail(fn, "EINVAL", "");
                    }
                    int i = (Integer) v;
                    out.put(p.name(), new Value.Int32(negate ? (i == 0 ? 1 : 0) : i));
                }
                case ULONG -> {
                    if (o.size() != 8) {
                        return fail(fn, "EINVAL", "");
                    }
                    out.put(p.name(), new Value.Int64((Long) v));
                }
                case IP4, IP6 -> {
                    @SuppressWarnings("unchecked")
                    List<InetAddress> l = (List<InetAddress>) v;
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    l.forEach(a -> bytes.writeBytes(a.getAddress()));
                    if (o.size() < bytes.size()) {
                        return fail(fn, "EINVAL", "");
                    }
                    out.put(p.name(), new Value.Bytes(bytes.toByteArray()));
                }
            }
        }
        return new KernelResult(fn, jail.jid(), 0, "", "", out);
    }

    // ---------------------------------------------------------------------------------------------------- remove

    @Override
    public KernelResult jailRemove(int jid) {
        List<Consumer<Integer>> listeners;
        KernelResult r;
        List<Integer> removed = new ArrayList<>();
        synchronized (lock) {
            Jail j = jails.get(jid);
            if (j == null) {
                r = fail("jail_remove", "EINVAL", "");
            } else {
                for (Jail other : List.copyOf(jails.values())) {
                    if (other.jid() == jid || other.name().startsWith(j.name() + ".")) {
                        jails.remove(other.jid());
                        interfaces.destroyVnet(other.jid());
                        removed.add(other.jid());
                    }
                }
                r = KernelResult.ok("jail_remove", 0);
            }
            journal.accept("jail_remove(" + jid + ") = " + brief(r));
            listeners = List.copyOf(removalListeners);
        }
        for (int id : removed) {
            listeners.forEach(l -> l.accept(id));
        }
        synchronized (lock) {
            removed.forEach(processes::remove);
        }
        return r;
    }

    // ---------------------------------------------------------------------------------------------------- mounts

    private static final Map<String, Set<String>> FS_OPTIONS = Map.of(
            "devfs", Set.of("from", "ruleset"),
            "nullfs", Set.of("target", "from", "nocache"),
            "tmpfs", Set.of("from", "mode", "size", "uid", "gid", "inodes", "maxfilesize", "nonc"),
            "fdescfs", Set.of("from", "linrdlnk", "rdlnk", "nodup"),
            "procfs", Set.of("from"),
            "linprocfs", Set.of("from"),
            "linsysfs", Set.of("from"));
    private static final Set<String> GENERIC_OPTIONS = Set.of("fstype", "fspath", "errmsg", "ro", "rw", "noexec",
            "nosuid", "noatime", "nosymfollow", "nocover", "emptydir", "update", "force");

    @Override
    public KernelResult nmount(List<KernelParam> params, int flags) {
        synchronized (lock) {
            KernelResult r = doNmount(params, flags);
            journal.accept("nmount(" + render(params) + ", 0x" + Integer.toHexString(flags) + ") = " + brief(r));
            return r;
        }
    }

    private KernelResult doNmount(List<KernelParam> params, int flags) {
        String fn = "nmount";
        LinkedHashMap<String, String> opts = new LinkedHashMap<>();
        for (KernelParam p : params) {
            switch (p.value()) {
                case Value.Text t -> opts.put(p.name(), t.text());
                case Value.Flag f -> opts.put(p.name(), "");
                default -> {
                    return fail(fn, "EINVAL", "");
                }
            }
        }
        String fstype = opts.get("fstype");
        String fspath = opts.get("fspath");
        if (fstype == null || fspath == null || fstype.isEmpty() || fspath.isEmpty()) {
            return fail(fn, "EINVAL", "");
        }
        Set<String> known = FS_OPTIONS.get(fstype);
        if (known == null || ((fstype.equals("linprocfs") || fstype.equals("linsysfs")) && !linux())) {
            return fail(fn, "ENODEV", "");
        }
        for (String k : opts.keySet()) {
            if (!known.contains(k) && !GENERIC_OPTIONS.contains(k)) {
                return fail(fn, "EINVAL", "mount option <" + k + "> is unknown");
            }
        }
        Path point = Path.of(fspath);
        if (!point.isAbsolute() || !Files.exists(point)) {
            return fail(fn, "ENOENT", "");
        }
        if (opts.containsKey("nocover") && mounts.stream().anyMatch(m -> m.fspath().equals(point))) {
            return fail(fn, "EBUSY", "");
        }
        String source = opts.getOrDefault("from", fstype);
        switch (fstype) {
            case "devfs" -> {
                String rs = opts.get("ruleset");
                if (rs != null && (!rs.matches("\\d{1,5}") || Integer.parseInt(rs) > 65_535)) {
                    return fail(fn, "EINVAL", "invalid ruleset specification");
                }
            }
            case "nullfs" -> {
                String lower = opts.containsKey("target") ? opts.get("target") : opts.get("from");
                if (lower == null || lower.isEmpty()) {
                    return fail(fn, "EINVAL", "missing 'target' option");
                }
                Path l = Path.of(lower);
                if (!Files.exists(l)) {
                    return fail(fn, "ENOENT", "");
                }
                if (Files.isDirectory(l) != Files.isDirectory(point)) {
                    return fail(fn, "EINVAL", "");
                }
                source = lower;
            }
            case "tmpfs" -> {
                String mode = opts.get("mode");
                if (mode != null && !mode.matches("[0-7]{1,4}")) {
                    return fail(fn, "EINVAL", "");
                }
            }
            default -> {
            }
        }
        if (!fstype.equals("nullfs") && !Files.isDirectory(point)) {
            return fail(fn, "ENOTDIR", "");
        }
        Map<String, String> kept = new LinkedHashMap<>(opts);
        kept.keySet().removeAll(List.of("fstype", "fspath", "errmsg", "from", "target"));
        mounts.add(new Mount(fstype, source, point, kept, flags));
        return KernelResult.ok(fn, 0);
    }

    @Override
    public KernelResult unmount(String dir, int flags) {
        synchronized (lock) {
            KernelResult r;
            Path p = Path.of(dir);
            int index = -1;
            for (int i = mounts.size() - 1; i >= 0; i--) {
                if (mounts.get(i).fspath().equals(p)) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                r = fail("unmount", "EINVAL", "");
            } else {
                int at = index;
                boolean covered = mounts.stream().skip(at + 1L).anyMatch(m -> m.fspath().startsWith(p));
                if (covered) {
                    r = fail("unmount", "EBUSY", "");
                } else {
                    mounts.remove(at);
                    r = KernelResult.ok("unmount", 0);
                }
            }
            journal.accept("unmount(" + dir + ", 0x" + Integer.toHexString(flags) + ") = " + brief(r));
            return r;
        }
    }
}
