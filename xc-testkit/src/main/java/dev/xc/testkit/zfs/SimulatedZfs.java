package dev.xc.testkit.zfs;

import dev.xc.api.spi.Command;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.SimulatedHost.Outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A simulated OpenZFS 2.2 {@code zfs} command for {@link SimulatedHost}: pools, file systems, snapshots and clones
 * with native and user ({@code xc:...}) properties, {@code zfs jail}/{@code unjail}, and {@code zfs diff}, backed by
 * real directories so that backends can write into mountpoints and tests can look at the files.
 * Register it with {@code SimulatedHost.builder().tool("zfs", zfs)}.
 *
 * <p>Modelled subcommands and their OpenZFS 2.x argument syntax: {@code create [-Pnpuv] [-o p=v]... fs},
 * {@code clone [-p] [-o p=v]... snap fs}, {@code snapshot|snap [-r] [-o p=v]... ds@snap...},
 * {@code destroy [-Rfnprv] fs|snap}, {@code list [-r|-d n] [-Hp] [-o props] [-s p]... [-S p]... [-t types] [ds]...},
 * {@code get [-r|-d n] [-Hp] [-o fields] [-s sources] [-t types] all|props [ds]...},
 * {@code set p=v... ds...}, {@code inherit [-rS] p ds...}, {@code jail|unjail jail fs},
 * {@code diff [-FHth] snap [snap|fs]}. Any other subcommand exits 2 with {@code unrecognized command}.
 * Output is TAB-separated with {@code -H} (column-aligned with a header otherwise), exact integers with {@code -p},
 * errors go to stderr with libzfs' wording and exit status 1, command-line errors exit 2 with a usage text.
 *
 * <p>Simplifications, each stated: snapshots are full copies; a snapshot's {@code used} is 0 and a clone's
 * {@code used} counts the files that differ from its origin; {@code zfs diff} compares type, size, mode and mtime and
 * reports renames as a removal plus an addition; a dataset made busy with {@link #busy} fails a whole
 * {@code destroy} before anything is removed; volumes ({@code -V}), {@code rename} and {@code promote} are not
 * modelled. Messages for {@code zfs jail} of a jail it already holds and {@code zfs unjail} of one it does not are
 * libzfs' {@code zfs_standard_error} texts for EEXIST/ENOENT (inferred, not captured from a FreeBSD host).
 *
 * <p>Thread-safe: every command runs under the instance lock.
 */
public final class SimulatedZfs implements SimulatedHost.Tool {

    /** The size every simulated pool reports: 8 GiB. */
    public static final long POOL_SIZE = 8L << 30;

    private static final String DEFAULT_LIST = "name,used,available,referenced,mountpoint";

    private final Path base;
    private final TreeMap<String, Ds> datasets = new TreeMap<>();
    private final Map<String, Integer> jails = new LinkedHashMap<>();
    private final Map<String, Integer> busy = new HashMap<>();
    private long txg = 1;
    private long seq;

    private static final class Ds {
        final String name;
        final boolean snapshot;
        final LinkedHashMap<String, String> local = new LinkedHashMap<>();
        final Optional<String> origin;
        final long createTxg;
        final long creation;
        Path data;
        Optional<String> jail = Optional.empty();

        Ds(String name, boolean snapshot, Optional<String> origin, long createTxg, Path data) {
            this.name = name;
            this.snapshot = snapshot;
            this.origin = origin;
            this.createTxg = createTxg;
            this.creation = System.currentTimeMillis() / 1000;
            this.data = data;
        }
    }

    private SimulatedZfs(Path base) {
        this.base = base;
    }

    /**
     * A simulated zfs with the given pools, each mounted at {@code <base>/mnt/<pool>}; snapshot copies live in
     * {@code <base>/snap}.
     */
    public static SimulatedZfs create(Path base, String... pools) {
        SimulatedZfs z = new SimulatedZfs(base.toAbsolutePath());
        for (String p : pools) {
            if (!p.matches("[A-Za-z][A-Za-z0-9_.:-]*")) {
                throw new IllegalArgumentException("bad pool name " + p);
            }
            Path mp = z.base.resolve("mnt").resolve(p);
            mkdirs(mp);
            z.datasets.put(p, new Ds(p, false, Optional.empty(), z.txg++, mp));
        }
        return z;
    }

    /** Declares a running jail that {@code zfs jail} can name (by name or JID). */
    public synchronized void addJail(String name, int jid) {
        jails.put(name, jid);
    }

    /** Removes a jail: like the kernel, it forgets the datasets attached to it. */
    public synchronized void removeJail(String name) {
        jails.remove(name);
        for (Ds d : datasets.values()) {
            if (d.jail.equals(Optional.of(name))) {
                d.jail = Optional.empty();
            }
        }
    }

    /** Makes the next {@code times} destroys that touch {@code dataset} fail with "dataset is busy". */
    public synchronized void busy(String dataset, int times) {
        busy.put(dataset, times);
    }

    /** The jail a dataset is attached to, if any. */
    public synchronized Optional<String> jailOf(String dataset) {
        Ds d = datasets.get(dataset);
        return d == null ? Optional.empty() : d.jail;
    }

    /** Whether a dataset or snapshot exists. */
    public synchronized boolean exists(String name) {
        return datasets.containsKey(name);
    }

    /** Where a file system's files are (its mountpoint). */
    public synchronized Path mountpoint(String fs) {
        Ds d = datasets.get(fs);
        if (d == null || d.snapshot) {
            throw new IllegalArgumentException("no file system " + fs);
        }
        return d.data;
    }

    /**
     * The dataset tree for reports and assertions: one line per dataset or snapshot in {@code zfs list -t all}
     * order, its origin if it is a clone, and its locally set {@code xc:} properties, for example
     * {@code tank/xc/images/ab12@xc} or {@code tank/xc/run/c1  origin=tank/xc/images/ab12@xc  xc:container=c1}.
     */
    public synchronized String tree() {
        StringBuilder sb = new StringBuilder();
        for (Ds d : ordered(datasets.values().stream().toList())) {
            sb.append(d.name);
            d.origin.ifPresent(o -> sb.append("  origin=").append(o));
            d.local.forEach((k, v) -> {
                if (k.startsWith("xc:")) {
                    sb.append("  ").append(k).append('=').append(v);
                }
            });
            d.jail.ifPresent(j -> sb.append("  [jail ").append(j).append(']'));
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public synchronized Outcome run(Command command) {
        List<String> argv = command.argv();
        if (argv.size() < 2) {
            return usageError("missing command", "");
        }
        String sub = argv.get(1);
        List<String> args = argv.subList(2, argv.size());
        try {
            return switch (sub) {
                case "create" -> create(args);
                case "clone" -> clone(args);
                case "snapshot", "snap" -> snapshot(args);
                case "destroy" -> destroy(args);
                case "list" -> list(args);
                case "get" -> get(args);
                case "set" -> set(args);
                case "inherit" -> inherit(args);
                case "jail" -> jail(args, true);
                case "unjail" -> jail(args, false);
                case "diff" -> diff(args);
                default -> new Outcome(2, "", "unrecognized command '" + sub + "'\n" + USAGE_ALL);
            };
        } catch (GetOpt.Bad e) {
            return usageError(e.getMessage(), sub);
        } catch (Failed f) {
            return Outcome.fail(f.exit, f.getMessage() + "\n");
        }
    }

    // ---------------------------------------------------------------------------------------------- subcommands

    private Outcome create(List<String> args) throws GetOpt.Bad, Failed {
        GetOpt o = new GetOpt(args, "Pnpuvo:V:sb:");
        if (o.has('V') || o.has('s') || o.has('b')) {
            return new Outcome(2, "", "the simulated zfs does not model volumes (-V)\n");
        }
        if (o.operands.isEmpty()) {
            return usageError("missing filesystem argument", "create");
        }
        if (o.operands.size() > 1) {
            return usageError("too many arguments", "create");
        }
        String name = o.operands.getFirst();
        String what = "cannot create '" + name + "'";
        checkName(name, what, false);
        Map<String, String> props = props(o.all('o'), what);
        if (datasets.containsKey(name)) {
            throw new Failed(what + ": dataset already exists");
        }
        String parent = parentOf(name).orElseThrow(() -> new Failed(what + ": missing dataset name"));
        if (!datasets.containsKey(parent)) {
            if (!o.has('p')) {
                throw new Failed(what + ": parent does not exist");
            }
            createParents(parent);
        }
        if (o.has('n')) {
            return Outcome.ok("");
        }
        Ds d = newFs(name, Optional.empty(), props);
        mkdirs(d.data);
        return Outcome.ok("");
    }

    private Outcome clone(List<String> args) throws GetOpt.Bad, Failed {
        GetOpt o = new GetOpt(args, "po:");
        if (o.operands.size() < 2) {
            return usageError(o.operands.isEmpty() ? "missing source dataset argument"
                    : "missing target dataset argument", "clone");
        }
        if (o.operands.size() > 2) {
            return usageError("too many arguments", "clone");
        }
        String src = o.operands.get(0);
        String target = o.operands.get(1);
        Ds snap = datasets.get(src);
        if (snap == null) {
            throw new Failed("cannot open '" + src + "': dataset does not exist");
        }
        if (!snap.snapshot) {
            throw new Failed("cannot open '" + src + "': operation not applicable to datasets of this type");
        }
        String what = "cannot create '" + target + "'";
        checkName(target, what, false);
        Map<String, String> props = props(o.all('o'), what);
        if (datasets.containsKey(target)) {
            throw new Failed(what + ": dataset already exists");
        }
        String parent = parentOf(target).orElseThrow(() -> new Failed(what + ": missing dataset name"));
        if (!datasets.containsKey(parent)) {
            if (!o.has('p')) {
                throw new Failed(what + ": parent does not exist");
            }
            createParents(parent);
        }
        Ds d = newFs(target, Optional.of(src), props);
        copyTree(snap.data, d.data, Set.of());
        return Outcome.ok("");
    }

    private Outcome snapshot(List<String> args) throws GetOpt.Bad, Failed {
        GetOpt o = new GetOpt(args, "ro:");
        if (o.operands.isEmpty()) {
            return usageError("missing snapshot argument", "snapshot");
        }
        List<String> todo = new ArrayList<>();
        for (String s : o.operands) {
            String what = "cannot create snapshot '" + s + "'";
            int at = s.indexOf('@');
            if (at < 0) {
                throw new Failed(what + ": missing '@' delimiter in snapshot name");
            }
            checkName(s, what, true);
            String fs = s.substring(0, at);
            Ds d = datasets.get(fs);
            if (d == null) {
                throw new Failed("cannot open '" + fs + "': dataset does not exist");
            }
            List<String> targets = new ArrayList<>();
            targets.add(fs);
            if (o.has('r')) {
                targets.addAll(descendants(fs, false).stream().map(x -> x.name).toList());
            }
            for (String t : targets) {
                String sn = t + s.substring(at);
                if (datasets.containsKey(sn)) {
                    throw new Failed("cannot create snapshot '" + sn + "': dataset already exists");
                }
                todo.add(sn);
            }
        }
        Map<String, String> props = props(o.all('o'), "cannot create snapshot '" + o.operands.getFirst() + "'");
        for (String sn : todo) {
            Ds fs = datasets.get(sn.substring(0, sn.indexOf('@')));
            Path copy = base.resolve("snap").resolve(Long.toString(++seq));
            copyTree(fs.data, copy, otherMountpoints(fs));
            Ds s = new Ds(sn, true, Optional.empty(), txg++, copy);
            s.local.putAll(props);
            datasets.put(sn, s);
        }
        return Outcome.ok("");
    }

    private Outcome destroy(List<String> args) throws GetOpt.Bad, Failed {
        GetOpt o = new GetOpt(args, "Rdfnprv");
        if (o.operands.isEmpty()) {
            return usageError("missing dataset argument", "destroy");
        }
        if (o.operands.size() > 1) {
            return usageError("too many arguments", "destroy");
        }
        String name = o.operands.getFirst();
        Ds d = datasets.get(name);
        String what = "cannot destroy '" + name + "'";
        if (d == null) {
            if (name.contains("@") && datasets.containsKey(name.substring(0, name.indexOf('@')))) {
                throw new Failed("could not find any snapshots to destroy; check snapshot names.");
            }
            throw new Failed("cannot open '" + name + "': dataset does not exist");
        }
        if (!d.snapshot && parentOf(name).isEmpty()) {
            throw new Failed(what + ": operation does not apply to pools\n"
                    + "use 'zfs destroy -r " + name + "' to destroy all datasets in the pool\n"
                    + "use 'zpool destroy " + name + "' to destroy the pool itself");
        }
        boolean recursive = o.has('r') || o.has('R');
        List<Ds> doomed = new ArrayList<>();
        if (d.snapshot) {
            List<Ds> clones = clonesOf(d);
            if (!clones.isEmpty() && !o.has('R')) {
                throw new Failed(what + ": snapshot has dependent clones\nuse '-R' to destroy the following datasets:\n"
                        + String.join("\n", clones.stream().map(c -> c.name).toList()));
            }
            for (Ds c : clones) {
                doomed.addAll(subtree(c));
            }
            doomed.add(d);
        } else {
            List<Ds> under = descendants(name, true);
            if (!under.isEmpty() && !recursive) {
                throw new Failed(what + ": filesystem has children\nuse '-r' to destroy the following datasets:\n"
                        + String.join("\n", under.stream().map(x -> x.name).toList()));
            }
            List<Ds> dependents = new ArrayList<>();
            for (Ds x : subtree(d)) {
                if (x.snapshot) {
                    for (Ds c : clonesOf(x)) {
                        if (!c.name.equals(name) && !c.name.startsWith(name + "/")) {
                            dependents.add(c);
                        }
                    }
                }
            }
            if (!dependents.isEmpty() && !o.has('R')) {
                throw new Failed(what + ": filesystem has dependent clones\nuse '-R' to destroy the following datasets:\n"
                        + String.join("\n", dependents.stream().map(x -> x.name).toList()));
            }
            for (Ds c : dependents) {
                doomed.addAll(subtree(c));
            }
            doomed.addAll(subtree(d));
        }
        for (Ds x : doomed) {
            Integer n = busy.get(x.name);
            if (n != null && n > 0) {
                busy.put(x.name, n - 1);
                throw new Failed("cannot destroy '" + x.name + "': dataset is busy");
            }
            if (x.jail.isPresent()) {
                throw new Failed("cannot destroy '" + x.name + "': dataset is busy");
            }
        }
        if (o.has('n')) {
            return Outcome.ok(o.has('v') ? doomed.stream().map(x -> "would destroy " + x.name + "\n")
                    .reduce("", String::concat) : "");
        }
        // snapshots and deeper datasets first, the way libzfs walks them
        doomed.sort(Comparator.comparing((Ds x) -> x.snapshot ? 0 : 1)
                .thenComparing(x -> -x.name.length()));
        StringBuilder out = new StringBuilder();
        for (Ds x : new java.util.LinkedHashSet<>(doomed)) {
            datasets.remove(x.name);
            deleteTree(x.data);
            if (o.has('v')) {
                out.append("will destroy ").append(x.name).append('\n');
            }
        }
        return Outcome.ok(out.toString());
    }

    private Outcome list(List<String> args) throws GetOpt.Bad, Failed {
        GetOpt o = new GetOpt(args, "rd:Hpo:s:S:t:");
        List<String> cols = List.of((o.all('o').isEmpty() ? DEFAULT_LIST : String.join(",", o.all('o'))).split(","));
        for (String c : cols) {
            if (!c.equals("name") && !ZfsProperties.known(c) && !ZfsProperties.isUser(c)) {
                return usageError("bad property list: invalid property '" + c + "'", "list");
            }
        }
        Set<String> types = types(o, Set.of("filesystem"));
        List<Ds> rows = select(o, types, true);
        for (String key : o.all('s')) {
            rows.sort(Comparator.comparing(x -> sortKey(x, key)));
        }
        for (String key : o.all('S')) {
            rows.sort(Comparator.comparing((Ds x) -> sortKey(x, key)).reversed());
        }
        List<List<String>> table = new ArrayList<>();
        for (Ds d : rows) {
            List<String> row = new ArrayList<>();
            for (String c : cols) {
                row.add(c.equals("name") ? d.name : value(d, ZfsProperties.canonical(c), o.has('p')).value);
            }
            table.add(row);
        }
        return Outcome.ok(render(cols, table, o.has('H')));
    }

    private Outcome get(List<String> args) throws GetOpt.Bad, Failed {
        GetOpt o = new GetOpt(args, "rd:Hpo:s:t:");
        if (o.operands.isEmpty()) {
            return usageError("missing property argument", "get");
        }
        List<String> fields = List.of((o.all('o').isEmpty() ? "name,property,value,source"
                : String.join(",", o.all('o'))).split(","));
        for (String f : fields) {
            if (!Set.of("name", "property", "value", "received", "source").contains(f)) {
                return usageError("invalid field '" + f + "'", "get");
            }
        }
        Set<String> sources = new TreeSet<>();
        for (String s : o.all('s')) {
            sources.addAll(List.of(s.split(",")));
        }
        String propArg = o.operands.getFirst();
        List<String> props = propArg.equals("all") ? List.of() : List.of(propArg.split(","));
        for (String p : props) {
            if (!ZfsProperties.known(p) && !ZfsProperties.isUser(p)) {
                return usageError("bad property list: invalid property '" + p + "'", "get");
            }
        }
        GetOpt rest = new GetOpt(List.of(), "");
        rest.operands.addAll(o.operands.subList(1, o.operands.size()));
        rest.options.addAll(o.options);
        List<Ds> rows = select(rest, types(o, Set.of("filesystem", "snapshot")), false);
        List<List<String>> table = new ArrayList<>();
        for (Ds d : rows) {
            List<String> names = props.isEmpty() ? allProps(d) : props;
            for (String p : names) {
                Val v = value(d, ZfsProperties.canonical(p), o.has('p'));
                if (!sources.isEmpty() && !sources.contains(v.sourceKind)) {
                    continue;
                }
                List<String> row = new ArrayList<>();
                for (String f : fields) {
                    row.add(switch (f) {
                        case "name" -> d.name;
                        case "property" -> ZfsProperties.isUser(p) ? p : ZfsProperties.canonical(p);
                        case "value" -> v.value;
                        case "received" -> "-";
                        default -> v.source;
                    });
                }
                table.add(row);
            }
        }
        return Outcome.ok(render(fields, table, o.has('H')));
    }

    private Outcome set(List<String> args) throws GetOpt.Bad, Failed {
        GetOpt o = new GetOpt(args, "u");
        List<String> assigns = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (String a : o.operands) {
            (targets.isEmpty() && a.contains("=") ? assigns : targets).add(a);
        }
        if (assigns.isEmpty()) {
            return usageError("missing property=value argument(s)", "set");
        }
        if (targets.isEmpty()) {
            return usageError("missing dataset name(s)", "set");
        }
        for (String t : targets) {
            Ds d = datasets.get(t);
            if (d == null) {
                throw new Failed("cannot open '" + t + "': dataset does not exist");
            }
            String what = "cannot set property for '" + t + "'";
            Map<String, String> props = props(assigns, what);
            for (String k : props.keySet()) {
                if (d.snapshot && !ZfsProperties.isUser(k)) {
                    throw new Failed(what + ": this property can not be modified for snapshots");
                }
            }
            for (var e : props.entrySet()) {
                if (e.getKey().equals("mountpoint")) {
                    Path old = d.data;
                    d.local.put("mountpoint", e.getValue());
                    relocate(d, old);
                } else {
                    d.local.put(e.getKey(), e.getValue());
                }
            }
        }
        return Outcome.ok("");
    }

    private Outcome inherit(List<String> args) throws GetOpt.Bad, Failed {
        GetOpt o = new GetOpt(args, "rS");
        if (o.operands.size() < 2) {
            return usageError(o.operands.isEmpty() ? "missing property argument" : "missing dataset argument",
                    "inherit");
        }
        String p = ZfsProperties.canonical(o.operands.getFirst());
        if (ZfsProperties.READ_ONLY.contains(p)) {
            throw new Failed("'" + p + "' property is read-only");
        }
        if (!ZfsProperties.known(p) && !ZfsProperties.isUser(p)) {
            throw new Failed("invalid property '" + p + "'");
        }
        for (String t : o.operands.subList(1, o.operands.size())) {
            Ds d = datasets.get(t);
            if (d == null) {
                throw new Failed("cannot open '" + t + "': dataset does not exist");
            }
            List<Ds> all = o.has('r') ? subtree(d) : List.of(d);
            for (Ds x : all) {
                Path old = x.data;
                x.local.remove(p);
                if (p.equals("mountpoint")) {
                    relocate(x, old);
                }
            }
        }
        return Outcome.ok("");
    }

    private Outcome jail(List<String> args, boolean attach) throws Failed {
        String sub = attach ? "jail" : "unjail";
        if (args.size() != 2) {
            return usageError(args.size() < 2 ? "missing argument(s)" : "too many arguments", sub);
        }
        String jail = resolveJail(args.get(0)).orElse(null);
        if (jail == null) {
            return new Outcome(2, "", "invalid jail id or name\n" + usage(sub));
        }
        String name = args.get(1);
        Ds d = datasets.get(name);
        if (d == null) {
            throw new Failed("cannot open '" + name + "': dataset does not exist");
        }
        if (d.snapshot) {
            throw new Failed("cannot open '" + name + "': operation not applicable to datasets of this type");
        }
        String what = "cannot " + sub + " '" + name + "'";
        if (attach) {
            if (d.jail.equals(Optional.of(jail))) {
                throw new Failed(what + ": dataset already exists");
            }
            d.jail = Optional.of(jail);
        } else {
            if (!d.jail.equals(Optional.of(jail))) {
                throw new Failed(what + ": dataset does not exist");
            }
            d.jail = Optional.empty();
        }
        return Outcome.ok("");
    }

    private Outcome diff(List<String> args) throws GetOpt.Bad, Failed {
        GetOpt o = new GetOpt(args, "FHth");
        if (o.operands.isEmpty()) {
            return usageError("must provide at least one snapshot name", "diff");
        }
        if (o.operands.size() > 2) {
            return usageError("too many arguments", "diff");
        }
        String from = o.operands.get(0);
        if (!from.contains("@")) {
            throw new Failed("Badly formed snapshot name " + from);
        }
        Ds a = datasets.get(from);
        if (a == null) {
            throw new Failed("Unable to obtain diffs: \n   The fromsnap " + from + " does not exist");
        }
        String fsName = from.substring(0, from.indexOf('@'));
        Ds fs = datasets.get(fsName);
        String to = o.operands.size() == 2 ? o.operands.get(1) : fsName;
        Ds b = datasets.get(to);
        if (b == null) {
            throw new Failed("cannot open '" + to + "': dataset does not exist");
        }
        String toFs = b.snapshot ? to.substring(0, to.indexOf('@')) : to;
        if (!toFs.equals(fsName) || (b.snapshot && b.createTxg < a.createTxg)) {
            throw new Failed("Unable to obtain diffs: \n   Not an earlier snapshot from the same fs");
        }
        Map<String, Entry> before = entries(a.data, Set.of());
        Map<String, Entry> after = entries(b.data, b.snapshot ? Set.of() : otherMountpoints(fs));
        TreeSet<String> paths = new TreeSet<>(before.keySet());
        paths.addAll(after.keySet());
        StringBuilder out = new StringBuilder();
        String mp = fs.data.toString();
        for (String p : paths) {
            Entry x = before.get(p);
            Entry y = after.get(p);
            if (x != null && y != null && x.type != y.type) {
                line(out, o, '-', x, mp + p);
                line(out, o, '+', y, mp + p);
            } else if (x == null) {
                line(out, o, '+', y, mp + p);
            } else if (y == null) {
                line(out, o, '-', x, mp + p);
            } else if (!x.sameAs(y) && !p.isEmpty()) {
                line(out, o, 'M', y, mp + p);
            }
        }
        return Outcome.ok(out.toString());
    }

    // ---------------------------------------------------------------------------------------------- model helpers

    private record Entry(char type, long size, long mtimeNanos, int mode, String target) {
        boolean sameAs(Entry e) {
            return type == e.type && size == e.size && mtimeNanos == e.mtimeNanos && mode == e.mode
                    && target.equals(e.target);
        }
    }

    private static void line(StringBuilder out, GetOpt o, char kind, Entry e, String path) {
        if (o.has('t')) {
            out.append(String.format(Locale.ROOT, "%d.%09d\t", e.mtimeNanos / 1_000_000_000L,
                    e.mtimeNanos % 1_000_000_000L));
        }
        out.append(kind).append('\t');
        if (o.has('F')) {
            out.append(e.type).append('\t');
        }
        out.append(o.has('h') ? path : escape(path)).append('\n');
    }

    /** zfs diff's escaping: bytes {@code <= ' '}, {@code \} and {@code >= 0x7f} become {@code \} + 4 octal digits. */
    static String escape(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= ' ' || c == '\\' || c >= 0x7f) {
                sb.append('\\').append(String.format(Locale.ROOT, "%04o", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static Map<String, Entry> entries(Path root, Set<Path> prune) throws Failed {
        Map<String, Entry> m = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                    String rel = rel(root, dir);
                    m.put(rel, entry(dir));
                    return prune.contains(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    m.put(rel(root, f), entry(f));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new Failed("Unable to obtain diffs: " + e.getMessage());
        }
        return m;
    }

    private static String rel(Path root, Path p) {
        String r = root.relativize(p).toString();
        return r.isEmpty() ? "" : "/" + r;
    }

    private static Entry entry(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        char t = a.isDirectory() ? '/' : a.isSymbolicLink() ? '@' : a.isRegularFile() ? 'F' : a.isOther() ? '|' : '?';
        int mode = 0;
        for (var perm : a.permissions()) {
            mode |= 1 << perm.ordinal();
        }
        String target = a.isSymbolicLink() ? Files.readSymbolicLink(p).toString() : "";
        long size = a.isDirectory() ? 0 : a.size();
        long mtime = a.isDirectory() ? a.lastModifiedTime().toInstant().toEpochMilli() * 1_000_000L
                : a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        return new Entry(t, size, mtime, mode, target);
    }

    private record Val(String value, String source, String sourceKind) {
    }

    private List<String> allProps(Ds d) {
        List<String> names = new ArrayList<>(List.of("type", "creation", "used", "available", "referenced",
                "mounted", "origin"));
        names.addAll(ZfsProperties.DEFAULTS.keySet());
        if (d.snapshot) {
            names.removeIf(n -> !Set.of("type", "creation", "used", "referenced").contains(n));
        }
        TreeSet<String> user = new TreeSet<>();
        for (Ds x = d; x != null; x = parentOf(x.name).map(datasets::get).orElse(null)) {
            x.local.keySet().stream().filter(ZfsProperties::isUser).forEach(user::add);
            if (x.snapshot) {
                x = datasets.get(x.name.substring(0, x.name.indexOf('@')));
                x.local.keySet().stream().filter(ZfsProperties::isUser).forEach(user::add);
            }
        }
        names.addAll(user);
        return names;
    }

    private Val value(Ds d, String p, boolean parsable) {
        Optional<Val> fixed = switch (p) {
            case "name" -> Optional.of(new Val(d.name, "-", "none"));
            case "type" -> Optional.of(new Val(d.snapshot ? "snapshot" : "filesystem", "-", "none"));
            case "creation" -> Optional.of(new Val(parsable ? Long.toString(d.creation)
                    : new java.util.Date(d.creation * 1000).toString(), "-", "none"));
            case "createtxg" -> Optional.of(new Val(Long.toString(d.createTxg), "-", "none"));
            case "used", "referenced", "available", "usedbydataset", "usedbysnapshots", "usedbychildren" -> {
                long n = switch (p) {
                    case "used" -> used(d);
                    case "referenced" -> bytes(d.data, d.snapshot ? Set.of() : otherMountpoints(d));
                    case "usedbydataset" -> own(d);
                    case "usedbysnapshots" -> 0;
                    case "usedbychildren" -> used(d) - own(d);
                    default -> Math.max(0, POOL_SIZE - used(datasets.get(poolOf(d.name))));
                };
                yield Optional.of(p.equals("available") && d.snapshot ? new Val("-", "-", "none")
                        : new Val(parsable ? Long.toString(n) : ZfsProperties.human(n), "-", "none"));
            }
            case "origin" -> Optional.of(new Val(d.origin.orElse("-"), "-", "none"));
            case "mounted" -> Optional.of(new Val(d.snapshot ? "-" : "yes", "-", "none"));
            case "clones" -> Optional.of(new Val(d.snapshot
                    ? String.join(",", clonesOf(d).stream().map(c -> c.name).toList()) : "-", "-", "none"));
            case "compressratio" -> Optional.of(new Val(parsable ? "1.00" : "1.00x", "-", "none"));
            case "mountpoint" -> {
                if (d.snapshot) {
                    yield Optional.of(new Val("-", "-", "none"));
                }
                boolean local = d.local.containsKey("mountpoint");
                boolean pool = parentOf(d.name).isEmpty();
                yield Optional.of(new Val(d.data.toString(), local ? "local" : pool ? "default"
                        : "inherited from " + inheritedFrom(d, "mountpoint").orElse(poolOf(d.name)),
                        local ? "local" : pool ? "default" : "inherited"));
            }
            default -> Optional.empty();
        };
        if (fixed.isPresent()) {
            return fixed.get();
        }
        Ds owner = d.snapshot ? datasets.get(d.name.substring(0, d.name.indexOf('@'))) : d;
        if (d.local.containsKey(p)) {
            return new Val(shown(p, d.local.get(p), parsable), "local", "local");
        }
        if (d.snapshot && !ZfsProperties.isUser(p)) {
            return new Val("-", "-", "none");
        }
        boolean inheritable = !ZfsProperties.NOT_INHERITED.contains(p);
        if (inheritable) {
            for (Ds x = d.snapshot ? owner : parentOf(d.name).map(datasets::get).orElse(null); x != null;
                 x = parentOf(x.name).map(datasets::get).orElse(null)) {
                if (x.local.containsKey(p)) {
                    return new Val(shown(p, x.local.get(p), parsable), "inherited from " + x.name, "inherited");
                }
            }
        }
        if (ZfsProperties.isUser(p)) {
            return new Val("-", "-", "none");
        }
        String def = ZfsProperties.DEFAULTS.get(p);
        return def == null ? new Val("-", "-", "none") : new Val(shown(p, def, parsable), "default", "default");
    }

    private static String shown(String p, String v, boolean parsable) {
        if (Set.of("recordsize", "quota", "refquota", "reservation", "refreservation", "special_small_blocks")
                .contains(p) && !v.equals("none")) {
            long n = ZfsProperties.bytes(v).orElse(0L);
            return parsable ? Long.toString(n) : ZfsProperties.human(n);
        }
        return v;
    }

    private Optional<String> inheritedFrom(Ds d, String p) {
        for (Ds x = parentOf(d.name).map(datasets::get).orElse(null); x != null;
             x = parentOf(x.name).map(datasets::get).orElse(null)) {
            if (x.local.containsKey(p)) {
                return Optional.of(x.name);
            }
        }
        return Optional.empty();
    }

    private long own(Ds d) {
        if (d.snapshot) {
            return 0;
        }
        Set<Path> prune = otherMountpoints(d);
        if (d.origin.isEmpty()) {
            return bytes(d.data, prune);
        }
        Ds origin = datasets.get(d.origin.get());
        Map<String, Entry> o;
        Map<String, Entry> n;
        try {
            o = origin == null ? Map.of() : entries(origin.data, Set.of());
            n = entries(d.data, prune);
        } catch (Failed f) {
            return 0;
        }
        long sum = 0;
        for (var e : n.entrySet()) {
            Entry was = o.get(e.getKey());
            if (was == null || !was.sameAs(e.getValue())) {
                sum += e.getValue().size;
            }
        }
        return sum;
    }

    private long used(Ds d) {
        if (d.snapshot) {
            return 0;
        }
        long sum = own(d);
        for (Ds c : descendants(d.name, false)) {
            if (parentOf(c.name).orElse("").equals(d.name)) {
                sum += used(c);
            }
        }
        return sum;
    }

    private static long bytes(Path root, Set<Path> prune) {
        long[] total = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                    return prune.contains(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                    total[0] += a.isRegularFile() ? a.size() : 0;
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total[0];
    }

    private Set<String> types(GetOpt o, Set<String> dflt) throws Failed {
        if (o.all('t').isEmpty()) {
            return dflt;
        }
        Set<String> out = new TreeSet<>();
        for (String t : String.join(",", o.all('t')).split(",")) {
            switch (t) {
                case "filesystem", "fs" -> out.add("filesystem");
                case "snapshot", "snap" -> out.add("snapshot");
                case "volume", "vol", "bookmark" -> out.add(t.startsWith("vol") ? "volume" : "bookmark");
                case "all" -> out.addAll(Set.of("filesystem", "snapshot", "volume", "bookmark"));
                default -> throw new Failed("invalid type '" + t + "'", 2);
            }
        }
        return out;
    }

    /** Datasets named by the operands (all pools when none), expanded by -r / -d, filtered by type. */
    private List<Ds> select(GetOpt o, Set<String> types, boolean listSemantics) throws Failed {
        int depth = o.has('d') ? parseDepth(o.all('d').getLast()) : o.has('r') ? Integer.MAX_VALUE : 0;
        List<Ds> out = new ArrayList<>();
        List<String> roots = o.operands;
        if (roots.isEmpty()) {
            roots = datasets.values().stream().filter(d -> parentOf(d.name).isEmpty() && !d.snapshot)
                    .map(d -> d.name).toList();
            depth = Integer.MAX_VALUE;
        }
        for (String r : roots) {
            Ds d = datasets.get(r);
            if (d == null) {
                throw new Failed("cannot open '" + r + "': dataset does not exist");
            }
            if (d.snapshot || depth == 0) {
                if (!listSemantics || d.snapshot || types.contains("filesystem") || !o.operands.isEmpty()) {
                    out.add(d);
                }
                continue;
            }
            int rootDepth = depth(d.name);
            for (Ds x : ordered(subtree(d))) {
                int rel = depth(x.name) - rootDepth + (x.snapshot ? 1 : 0);
                if (rel <= depth && types.contains(x.snapshot ? "snapshot" : "filesystem")) {
                    out.add(x);
                }
            }
        }
        return new ArrayList<>(new java.util.LinkedHashSet<>(out));
    }

    private static int parseDepth(String s) throws Failed {
        try {
            int n = Integer.parseInt(s);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Failed("invalid depth '" + s + "'", 2);
    }

    private static int depth(String name) {
        String fs = name.contains("@") ? name.substring(0, name.indexOf('@')) : name;
        return (int) fs.chars().filter(c -> c == '/').count();
    }

    private String sortKey(Ds d, String key) {
        String v = key.equals("name") ? d.name : value(d, ZfsProperties.canonical(key), true).value;
        return v.matches("\\d{1,19}") ? "0".repeat(20 - v.length()) + v : v;
    }

    /** File systems first, each followed by its snapshots (by creation) and then its children. */
    private List<Ds> ordered(List<Ds> in) {
        List<Ds> out = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        in.forEach(d -> names.add(d.name));
        for (Ds d : in) {
            if (!d.snapshot && (parentOf(d.name).isEmpty() || !names.contains(parentOf(d.name).get()))) {
                walkOrdered(d, names, out);
            }
        }
        for (Ds d : in) {
            if (!out.contains(d)) {
                out.add(d);
            }
        }
        return out;
    }

    private void walkOrdered(Ds fs, Set<String> names, List<Ds> out) {
        out.add(fs);
        datasets.values().stream().filter(x -> x.snapshot && x.name.startsWith(fs.name + "@")
                        && names.contains(x.name))
                .sorted(Comparator.comparingLong(x -> x.createTxg)).forEach(out::add);
        for (Ds c : datasets.values()) {
            if (!c.snapshot && parentOf(c.name).orElse("").equals(fs.name) && names.contains(c.name)) {
                walkOrdered(c, names, out);
            }
        }
    }

    private List<Ds> subtree(Ds d) {
        if (d.snapshot) {
            return List.of(d);
        }
        List<Ds> out = new ArrayList<>();
        out.add(d);
        out.addAll(descendants(d.name, true));
        return out;
    }

    /** Children, grandchildren and (if {@code snapshots}) every snapshot below and of {@code fs}. */
    private List<Ds> descendants(String fs, boolean snapshots) {
        List<Ds> out = new ArrayList<>();
        for (Ds x : datasets.values()) {
            boolean child = x.name.startsWith(fs + "/");
            boolean snap = x.snapshot && (x.name.startsWith(fs + "@") || child);
            if ((child && !x.snapshot) || (snapshots && snap)) {
                out.add(x);
            }
        }
        return out;
    }

    private List<Ds> clonesOf(Ds snap) {
        return datasets.values().stream().filter(x -> x.origin.equals(Optional.of(snap.name))).toList();
    }

    private Set<Path> otherMountpoints(Ds fs) {
        Set<Path> s = new java.util.HashSet<>();
        for (Ds x : datasets.values()) {
            if (!x.snapshot && x != fs && x.data.startsWith(fs.data)) {
                s.add(x.data);
            }
        }
        return s;
    }

    private Optional<Integer> jidOf(String name) {
        return Optional.ofNullable(jails.get(name));
    }

    private Optional<String> resolveJail(String idOrName) {
        if (jidOf(idOrName).isPresent()) {
            return Optional.of(idOrName);
        }
        return jails.entrySet().stream().filter(e -> e.getValue().toString().equals(idOrName))
                .map(Map.Entry::getKey).findFirst();
    }

    private Ds newFs(String name, Optional<String> origin, Map<String, String> props) {
        Ds d = new Ds(name, false, origin, txg++, Path.of("/"));
        d.local.putAll(props);
        datasets.put(name, d);
        d.data = mountPath(d);
        mkdirs(d.data);
        return d;
    }

    private void createParents(String name) {
        List<String> missing = new ArrayList<>();
        for (Optional<String> p = Optional.of(name); p.isPresent() && !datasets.containsKey(p.get());
             p = parentOf(p.get())) {
            missing.addFirst(p.get());
        }
        for (String m : missing) {
            newFs(m, Optional.empty(), Map.of());
        }
    }

    private Path mountPath(Ds d) {
        String mp = d.local.get("mountpoint");
        if (mp != null) {
            return mp.equals("none") || mp.equals("legacy") ? base.resolve("unmounted").resolve(d.name)
                    : Path.of(mp);
        }
        Optional<String> parent = parentOf(d.name);
        if (parent.isEmpty()) {
            return base.resolve("mnt").resolve(d.name);
        }
        Ds p = datasets.get(parent.get());
        String last = d.name.substring(d.name.lastIndexOf('/') + 1);
        return p.data.resolve(last);
    }

    private void relocate(Ds d, Path old) {
        Path now = mountPath(d);
        if (!now.equals(old)) {
            try {
                Files.createDirectories(now.getParent());
                Files.move(old, now, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            d.data = now;
            for (Ds c : descendants(d.name, false)) {
                c.data = now.resolve(old.relativize(c.data).toString());
            }
        }
    }

    private Map<String, String> props(List<String> assigns, String what) throws Failed {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : assigns) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new Failed("missing '=' for property argument '" + a + "'", 2);
            }
            String k = a.substring(0, eq);
            String v = a.substring(eq + 1);
            Optional<String> bad = ZfsProperties.check(k, v);
            if (bad.isPresent()) {
                throw new Failed(what + ": " + bad.get());
            }
            String key = ZfsProperties.isUser(k) ? k : ZfsProperties.canonical(k);
            if (out.containsKey(key)) {
                throw new Failed("property '" + key + "' specified multiple times", 2);
            }
            out.put(key, v);
        }
        return out;
    }

    private void checkName(String name, String what, boolean snapshot) throws Failed {
        if (name.isEmpty() || name.startsWith("/")) {
            throw new Failed(what + ": leading slash in name");
        }
        if (name.endsWith("/")) {
            throw new Failed(what + ": trailing slash in name");
        }
        if (name.contains("//")) {
            throw new Failed(what + ": empty component or misplaced '@' or '#' delimiter in name");
        }
        if (!snapshot && name.contains("@")) {
            throw new Failed(what + ": snapshot delimiter '@' is not expected here");
        }
        if (name.length() >= 256) {
            throw new Failed(what + ": name is too long");
        }
        for (char c : name.toCharArray()) {
            if (!(Character.isLetterOrDigit(c) && c < 128) && "-_.: /@".indexOf(c) < 0) {
                throw new Failed(what + ": invalid character '" + c + "' in name");
            }
        }
        if (!datasets.containsKey(poolOf(name))) {
            throw new Failed(what + ": no such pool '" + poolOf(name) + "'");
        }
    }

    private static String poolOf(String name) {
        int i = 0;
        while (i < name.length() && name.charAt(i) != '/' && name.charAt(i) != '@') {
            i++;
        }
        return name.substring(0, i);
    }

    private static Optional<String> parentOf(String name) {
        if (name.contains("@")) {
            return Optional.of(name.substring(0, name.indexOf('@')));
        }
        int i = name.lastIndexOf('/');
        return i < 0 ? Optional.empty() : Optional.of(name.substring(0, i));
    }

    // ---------------------------------------------------------------------------------------------- output

    private static String render(List<String> cols, List<List<String>> rows, boolean scripted) {
        StringBuilder sb = new StringBuilder();
        if (scripted) {
            for (List<String> r : rows) {
                sb.append(String.join("\t", r)).append('\n');
            }
            return sb.toString();
        }
        int[] w = new int[cols.size()];
        for (int i = 0; i < cols.size(); i++) {
            w[i] = cols.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        List<List<String>> all = new ArrayList<>();
        all.add(cols.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList());
        all.addAll(rows);
        for (List<String> r : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(i == r.size() - 1 ? r.get(i) : String.format("%-" + w[i] + "s  ", r.get(i)));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static final Map<String, String> USAGES = Map.ofEntries(
            Map.entry("create", "\tcreate [-Pnpuv] [-o property=value] ... <filesystem>\n"
                    + "\tcreate [-Pnpsv] [-b blocksize] [-o property=value] ... -V <size> <volume>"),
            Map.entry("clone", "\tclone [-p] [-o property=value] ... <snapshot> <filesystem|volume>"),
            Map.entry("snapshot", "\tsnapshot [-r] [-o property=value] ... <filesystem|volume>@<snap> ..."),
            Map.entry("destroy", "\tdestroy [-fnpRrv] <filesystem|volume>\n"
                    + "\tdestroy [-dnpRrv] <filesystem|volume>@<snap>[%<snap>][,...]\n"
                    + "\tdestroy <filesystem|volume>#<bookmark>"),
            Map.entry("list", "\tlist [-Hp] [-r|-d max] [-o property[,...]] [-s property]...\n"
                    + "\t    [-S property]... [-t type[,...]] [filesystem|volume|snapshot] ..."),
            Map.entry("get", "\tget [-rHp] [-d max] [-o \"all\" | field[,...]]\n"
                    + "\t    [-t type[,...]] [-s source[,...]]\n"
                    + "\t    <\"all\" | property[,...]> [filesystem|volume|snapshot|bookmark] ..."),
            Map.entry("set", "\tset [-u] <property=value> ... <filesystem|volume|snapshot> ..."),
            Map.entry("inherit", "\tinherit [-rS] <property> <filesystem|volume|snapshot> ..."),
            Map.entry("jail", "\tjail <jailid|jailname> <filesystem>"),
            Map.entry("unjail", "\tunjail <jailid|jailname> <filesystem>"),
            Map.entry("diff", "\tdiff [-FHth] <snapshot> [snapshot|filesystem]"));

    private static final String USAGE_ALL = "usage: zfs command args ...\nwhere 'command' is one of the following:\n\n"
            + String.join("\n", new TreeMap<>(USAGES).values()) + "\n";

    private static String usage(String sub) {
        return "usage:\n" + USAGES.getOrDefault(sub, "") + "\n";
    }

    private static Outcome usageError(String message, String sub) {
        return new Outcome(2, "", message + "\n" + (sub.isEmpty() ? USAGE_ALL : usage(sub)));
    }

    /** A failed command: exit status and stderr. */
    private static final class Failed extends Exception {
        final int exit;

        Failed(String message) {
            this(message, 1);
        }

        Failed(String message, int exit) {
            super(message, null, false, false);
            this.exit = exit;
        }
    }

    // ---------------------------------------------------------------------------------------------- files

    private static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to, Set<Path> prune) {
        try {
            Files.createDirectories(to);
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                    Path t = to.resolve(from.relativize(dir).toString());
                    Files.createDirectories(t);
                    return prune.contains(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS, StandardCopyOption.REPLACE_EXISTING);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Path t = to.resolve(from.relativize(dir).toString());
                    Files.setLastModifiedTime(t, Files.getLastModifiedTime(dir));
                    Files.setPosixFilePermissions(t, Files.getPosixFilePermissions(dir));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
