package dev.xc.testkit.devfs;

import dev.xc.api.spi.Command;
import dev.xc.testkit.SimulatedHost;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * devfs(8) and the kernel's devfs rule subsystem, simulated: register it with
 * {@code SimulatedHost.builder().tool("devfs", devfs)}.
 *
 * <p>It keeps rulesets as the kernel does (sys/fs/devfs/devfs_rule.c): a ruleset springs into existence with its
 * first rule or when a mount uses it, and disappears when it has no rules and nothing includes or uses it; rule
 * numbers are 16-bit and auto-numbered in steps of 100; ruleset 0 is never a real ruleset (adding to it fails with
 * {@code EIO}). The command line is parsed as sbin/devfs parses it ({@code devfs.c}, {@code rule.c}): the same
 * keywords, the same order (conditions before actions), the same {@code errx}/{@code err} texts with the same program
 * names ({@code devfs}, {@code devfs rule}, {@code devfs ruleset}), BSD getopt's messages, the usage text and exit
 * status 1. {@code add -} and {@code apply -} read rules from stdin line by line, stopping silently at the first empty
 * line, with no quote removal, as devfs does.
 *
 * <p>Mount points: {@code /dev} is mounted with ruleset 0; {@link #mount} adds others (as
 * {@code mount -t devfs -o ruleset=N} would), and {@code -m} accepts only mounted paths. User and group names are
 * resolved against a small fixed table of FreeBSD's standard accounts. Not modelled: device nodes (apply and applyset
 * change nothing visible), symbolic modes ({@code u+rw}: refused with a message saying so), privilege checks.
 *
 * <p>Thread-safe: every command runs under one lock.
 */
public final class SimulatedDevfs implements SimulatedHost.Tool, SimulatedHost.Stateful {

    private static final int EIO = 5;
    private static final Map<Integer, String> STRERROR = Map.of(
            2, "No such file or directory", 3, "No such process", EIO, "Input/output error", 17, "File exists",
            22, "Invalid argument", 34, "Result too large");
    private static final int ENOENT = 2;
    private static final int ESRCH = 3;
    private static final int EEXIST = 17;
    private static final int ERANGE = 34;

    private static final String USAGE = "usage: \tdevfs [-m mount-point] rule [-s ruleset] ...\n"
            + "\tdevfs [-m mount-point] ruleset ...\n";

    private static final Map<String, Integer> USERS = ordered("root", 0, "daemon", 1, "operator", 2, "bin", 3,
            "tty", 4, "kmem", 5, "www", 80, "nobody", 65534);
    private static final Map<String, Integer> GROUPS = ordered("wheel", 0, "daemon", 1, "kmem", 2, "sys", 3,
            "tty", 4, "operator", 5, "mail", 6, "bin", 7, "www", 80, "nogroup", 65533, "nobody", 65534);

    /** devfs device-type flags, in the order devfs prints them. */
    private enum Type { DISK, MEM, TAPE, TTY }

    /** A rule as the kernel stores it. */
    private record Rule(int number, EnumSet<Type> types, Optional<String> path, boolean hide, boolean unhide,
                        Optional<Integer> uid, Optional<Integer> gid, Optional<Integer> mode,
                        Optional<Integer> include) {
    }

    private static final class Ruleset {
        final TreeMap<Integer, Rule> rules = new TreeMap<>();
        int refcount;
    }

    private final Object lock = new Object();
    private final TreeMap<Integer, Ruleset> sets = new TreeMap<>();
    private final Map<String, Integer> mounts = new LinkedHashMap<>();
    private final List<String> applied = new ArrayList<>();

    private SimulatedDevfs() {
        mounts.put("/dev", 0);
    }

    /** A kernel with no rulesets (as before {@code /etc/rc.d/devfs} loads any). */
    public static SimulatedDevfs create() {
        return new SimulatedDevfs();
    }

    /** A kernel with FreeBSD's default rulesets 1 to 5 loaded, as {@code service devfs start} loads them. */
    public static SimulatedDevfs withDefaultRulesets() {
        SimulatedDevfs d = new SimulatedDevfs();
        d.loadRulesFile(DEFAULTS);
        return d;
    }

    /** FreeBSD's upstream {@code /etc/defaults/devfs.rules}, the part the simulation loads. */
    public static final String DEFAULTS = defaults();

    private static String defaults() {
        StringBuilder sb = new StringBuilder("[devfsrules_hide_all=1]\nadd hide\n\n[devfsrules_unhide_basic=2]\n");
        for (String p : List.of("null", "zero", "crypto", "random", "urandom")) {
            sb.append("add path ").append(p).append(" unhide\n");
        }
        sb.append("\n[devfsrules_unhide_login=3]\n");
        for (String k : List.of("pty", "tty")) {
            for (char c : "pqrsPQRSlmnoLMNO".toCharArray()) {
                sb.append("add path '").append(k).append(c).append("*' unhide\n");
            }
        }
        for (String p : List.of("ptmx", "pts", "'pts/*'", "fd", "'fd/*'", "stdin", "stdout", "stderr")) {
            sb.append("add path ").append(p).append(" unhide\n");
        }
        sb.append("\n[devfsrules_jail=4]\nadd include $devfsrules_hide_all\nadd include $devfsrules_unhide_basic\n")
                .append("add include $devfsrules_unhide_login\nadd path fuse unhide\nadd path zfs unhide\n")
                .append("\n[devfsrules_jail_vnet=5]\nadd include $devfsrules_hide_all\n")
                .append("add include $devfsrules_unhide_basic\nadd include $devfsrules_unhide_login\n")
                .append("add include $devfsrules_jail\nadd path pf unhide\n");
        return sb.toString();
    }

    /**
     * Loads a devfs.rules file as rc.subr's {@code devfs_rulesets_from_file} does: {@code [name=N]} runs
     * {@code devfs rule -s N delset}, every other line runs as {@code devfs rule -s N LINE} after sh quote removal and
     * {@code $name} expansion.
     *
     * @throws IllegalStateException when a line fails, with devfs' message
     */
    public void loadRulesFile(String text) {
        Map<String, String> vars = new LinkedHashMap<>();
        String current = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                String body = line.substring(1, line.indexOf(']'));
                String[] nv = body.split("=", 2);
                vars.put(nv[0], nv[1]);
                current = nv[1];
                expect(List.of("devfs", "rule", "-s", current, "delset"));
                continue;
            }
            List<String> argv = new ArrayList<>(List.of("devfs", "rule", "-s", String.valueOf(current)));
            argv.addAll(shWords(line, vars));
            expect(argv);
        }
    }

    private void expect(List<String> argv) {
        SimulatedHost.Outcome o = run(Command.of(argv));
        if (o.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + ": " + o.stderr().strip());
        }
    }

    private static List<String> shWords(String line, Map<String, String> vars) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                int end = line.indexOf(c, i + 1);
                w.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '$') {
                int end = i + 1;
                while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
                    end++;
                }
                w.append(vars.getOrDefault(line.substring(i + 1, end), ""));
                i = end - 1;
                inWord = true;
            } else if (c == ' ' || c == '\t') {
                if (inWord) {
                    out.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (c == '#' && !inWord) {
                break;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(w.toString());
        }
        return out;
    }

    /** Mounts a devfs at {@code mountPoint} using {@code ruleset}, as {@code mount -t devfs -o ruleset=N} does. */
    public void mount(String mountPoint, int ruleset) {
        synchronized (lock) {
            if (mounts.containsKey(mountPoint)) {
                throw new IllegalStateException("a devfs is already mounted at " + mountPoint);
            }
            mounts.put(mountPoint, 0);
            use(mountPoint, ruleset);
        }
    }

    /** Unmounts the devfs at {@code mountPoint}, dropping its use of its ruleset. */
    public void unmount(String mountPoint) {
        synchronized (lock) {
            if (mountPoint.equals("/dev") || !mounts.containsKey(mountPoint)) {
                throw new IllegalStateException("no removable devfs mounted at " + mountPoint);
            }
            use(mountPoint, 0);
            mounts.remove(mountPoint);
        }
    }

    /** The rulesets (rules and reference counts) and the ruleset of each devfs mount. */
    @Override
    public Map<String, Object> exportState() {
        synchronized (lock) {
            Map<String, Object> m = new TreeMap<>();
            Map<String, Object> ss = new TreeMap<>();
            sets.forEach((n, set) -> {
                Map<String, Object> o = new TreeMap<>();
                o.put("refcount", set.refcount);
                o.put("rules", set.rules.values().stream().map(r -> {
                    Map<String, Object> x = new TreeMap<>();
                    x.put("number", r.number());
                    x.put("types", r.types().stream().map(Enum::name).toList());
                    x.put("path", r.path().orElse(null));
                    x.put("hide", r.hide());
                    x.put("unhide", r.unhide());
                    x.put("uid", r.uid().orElse(null));
                    x.put("gid", r.gid().orElse(null));
                    x.put("mode", r.mode().orElse(null));
                    x.put("include", r.include().orElse(null));
                    return x;
                }).toList());
                ss.put(Integer.toString(n), o);
            });
            m.put("rulesets", ss);
            m.put("mounts", new TreeMap<>(mounts));
            return m;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void importState(Map<String, Object> state) {
        synchronized (lock) {
            sets.clear();
            ((Map<String, Object>) state.get("rulesets")).forEach((n, o) -> {
                Map<String, Object> set = (Map<String, Object>) o;
                Ruleset rs = new Ruleset();
                rs.refcount = ((Number) set.get("refcount")).intValue();
                for (Object ro : (List<Object>) set.get("rules")) {
                    Map<String, Object> x = (Map<String, Object>) ro;
                    EnumSet<Type> types = EnumSet.noneOf(Type.class);
                    ((List<String>) x.get("types")).forEach(t -> types.add(Type.valueOf(t)));
                    Rule r = new Rule(((Number) x.get("number")).intValue(), types,
                            Optional.ofNullable((String) x.get("path")), (Boolean) x.get("hide"),
                            (Boolean) x.get("unhide"), integer(x.get("uid")), integer(x.get("gid")),
                            integer(x.get("mode")), integer(x.get("include")));
                    rs.rules.put(r.number(), r);
                }
                sets.put(Integer.parseInt(n), rs);
            });
            mounts.clear();
            ((Map<String, Object>) state.get("mounts")).forEach((mp, rs) -> mounts.put(mp, ((Number) rs).intValue()));
        }
    }

    private static Optional<Integer> integer(Object o) {
        return o == null ? Optional.empty() : Optional.of(((Number) o).intValue());
    }

    /** The current ruleset of each mount. */
    public Map<String, Integer> mounts() {
        synchronized (lock) {
            return Map.copyOf(mounts);
        }
    }

    /** The rulesets that exist, as {@code devfs rule showsets} lists them. */
    public SortedSet<Integer> rulesets() {
        synchronized (lock) {
            return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(sets.keySet()));
        }
    }

    /** Every ruleset with its rules as {@code devfs rule -s N show} prints them (without newlines). */
    public SortedMap<Integer, List<String>> snapshot() {
        synchronized (lock) {
            SortedMap<Integer, List<String>> m = new TreeMap<>();
            sets.forEach((n, s) -> m.put(n, s.rules.values().stream().map(SimulatedDevfs::render).toList()));
            return java.util.Collections.unmodifiableSortedMap(m);
        }
    }

    /** The rules of {@code ruleset} as {@code show} prints them; empty when it does not exist. */
    public List<String> show(int ruleset) {
        return snapshot().getOrDefault(ruleset, List.of());
    }

    /** Each {@code applyset}/{@code apply} that ran, as {@code "MOUNT ruleset N"} or {@code "MOUNT rule ID"}. */
    public List<String> applied() {
        synchronized (lock) {
            return List.copyOf(applied);
        }
    }

    // ------------------------------------------------------------------ the program

    /** Unwinds a simulated run with its exit status. */
    private static final class Exit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    /** One run's output and context. */
    private final class Run {
        final StringBuilder out = new StringBuilder();
        final StringBuilder err = new StringBuilder();
        final byte[] stdin;
        String prog = "devfs";
        String mount = "/dev";
        int inRsnum;

        Run(byte[] stdin) {
            this.stdin = stdin;
        }

        Exit errx(String msg) {
            err.append(prog).append(": ").append(msg).append('\n');
            return new Exit(1);
        }

        Exit err(String msg, int errno) {
            err.append(prog).append(": ").append(msg).append(": ").append(STRERROR.get(errno)).append('\n');
            return new Exit(1);
        }

        Exit usage() {
            err.append(USAGE);
            return new Exit(1);
        }
    }

    @Override
    public SimulatedHost.Outcome run(Command command) {
        synchronized (lock) {
            Run r = new Run(command.stdin());
            int code;
            try {
                main(r, command.argv().subList(1, command.argv().size()));
                code = 0;
            } catch (Exit e) {
                code = e.code;
            }
            return new SimulatedHost.Outcome(code, r.out.toString(), r.err.toString());
        }
    }

    /** BSD getopt over {@code av} for one option letter taking an argument; returns the index of the first operand. */
    private static int getopt(Run r, List<String> av, int from, char letter, java.util.function.Consumer<String> opt) {
        int i = from;
        while (i < av.size()) {
            String a = av.get(i);
            if (a.equals("--")) {
                return i + 1;
            }
            if (!a.startsWith("-") || a.length() == 1) {
                return i;
            }
            char c = a.charAt(1);
            if (c != letter) {
                r.err.append(r.prog).append(": illegal option -- ").append(c).append('\n');
                throw r.usage();
            }
            if (a.length() > 2) {
                opt.accept(a.substring(2));
                i++;
            } else if (i + 1 < av.size()) {
                opt.accept(av.get(i + 1));
                i += 2;
            } else {
                r.err.append(r.prog).append(": option requires an argument -- ").append(c).append('\n');
                throw r.usage();
            }
        }
        return i;
    }

    private void main(Run r, List<String> argv) {
        String[] mp = {null};
        int i = getopt(r, argv, 0, 'm', v -> mp[0] = v);
        List<String> av = argv.subList(i, argv.size());
        if (av.isEmpty()) {
            throw r.usage();
        }
        if (mp[0] != null) {
            r.mount = mp[0];
        }
        if (!mounts.containsKey(r.mount)) {
            throw r.err("open: " + r.mount, ENOENT);
        }
        switch (av.getFirst()) {
            case "rule" -> ruleMain(r, av);
            case "ruleset" -> rulesetMain(r, av);
            default -> throw r.errx("unknown command: " + av.getFirst());
        }
    }

    private void ruleMain(Run r, List<String> argv) {
        r.prog = "devfs rule";
        int i = getopt(r, argv, 1, 's', v -> r.inRsnum = eatonum(r, v));
        List<String> av = argv.subList(i, argv.size());
        if (av.isEmpty()) {
            throw r.usage();
        }
        int ac = av.size();
        switch (av.getFirst()) {
            case "add" -> {
                if (ac < 2) {
                    throw r.usage();
                }
                if (av.get(1).equals("-")) {
                    fromStdin(r, true);
                } else {
                    Rule rule = intok(r, av.subList(1, ac));
                    int e = radd(r, rule);
                    if (e != 0) {
                        throw r.err("ioctl DEVFSIO_RADD", e);
                    }
                }
            }
            case "apply" -> {
                if (ac < 2) {
                    throw r.usage();
                }
                Optional<Integer> rnum = atonum(av.get(1));
                if (rnum.isPresent()) {
                    int rs = rsn(r, r.inRsnum);
                    Ruleset s = sets.get(rs);
                    if (s == null || !s.rules.containsKey(rnum.get())) {
                        throw r.err("ioctl DEVFSIO_RAPPLYID", ENOENT);
                    }
                    applied.add(r.mount + " rule " + rs + "." + rnum.get());
                } else if (av.get(1).equals("-")) {
                    fromStdin(r, false);
                } else {
                    int e = rapply(r, intok(r, av.subList(1, ac)));
                    if (e != 0) {
                        throw r.err("ioctl DEVFSIO_RAPPLY", e);
                    }
                }
            }
            case "applyset" -> {
                if (ac != 1) {
                    throw r.usage();
                }
                int rs = rsn(r, r.inRsnum);
                if (!sets.containsKey(rs)) {
                    throw r.err("ioctl DEVFSIO_SAPPLY", ESRCH);
                }
                applied.add(r.mount + " ruleset " + rs);
            }
            case "del" -> {
                if (ac < 2) {
                    throw r.usage();
                }
                int rn = eatoi(r, av.get(1)) & 0xffff;
                int rs = rsn(r, r.inRsnum);
                Ruleset s = sets.get(rs);
                if (s == null || !s.rules.containsKey(rn)) {
                    throw r.err("ioctl DEVFSIO_RDEL", ENOENT);
                }
                delete(rs, rn);
            }
            case "delset" -> {
                if (ac != 1) {
                    throw r.usage();
                }
                int rs = rsn(r, r.inRsnum);
                Ruleset s = sets.get(rs);
                while (s != null && !s.rules.isEmpty()) {
                    delete(rs, s.rules.firstKey());
                    s = sets.get(rs);
                }
            }
            case "show" -> {
                int rs = rsn(r, r.inRsnum);
                Ruleset s = sets.get(rs);
                if (ac >= 2) {
                    int rn = eatoi(r, av.get(1));
                    Integer next = s == null ? null : s.rules.higherKey((rn - 1) & 0xffff);
                    if (next == null) {
                        throw r.err("ioctl DEVFSIO_RGETNEXT", ENOENT);
                    }
                    if (next == rn) {
                        r.out.append(render(s.rules.get(next))).append('\n');
                    }
                } else if (s != null) {
                    s.rules.values().forEach(rule -> r.out.append(render(rule)).append('\n'));
                }
            }
            case "showsets" -> {
                if (ac != 1) {
                    throw r.usage();
                }
                sets.keySet().forEach(n -> r.out.append(n).append('\n'));
            }
            default -> throw r.errx("unknown command: " + av.getFirst());
        }
    }

    private void rulesetMain(Run r, List<String> av) {
        r.prog = "devfs ruleset";
        if (av.size() < 2) {
            throw r.usage();
        }
        int rs = eatonum(r, av.get(1));
        use(r.mount, rs);
    }

    private void fromStdin(Run r, boolean add) {
        String text = new String(r.stdin, StandardCharsets.UTF_8);
        int pos = 0;
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            String line = nl < 0 ? text.substring(pos) : text.substring(pos, nl);
            pos = nl < 0 ? text.length() : nl + 1;
            if (line.isEmpty()) {
                return; // efgetln() returns 0 for an empty line: the loop ends, silently
            }
            List<String> tokens = new ArrayList<>();
            for (String t : line.split("[ \t\n]")) {
                if (!t.isEmpty()) {
                    tokens.add(t);
                }
            }
            if (tokens.isEmpty()) {
                throw r.errx("unexpected end of rulespec");
            }
            Rule rule = intok(r, tokens);
            int e = add ? radd(r, rule) : rapply(r, rule);
            if (e != 0) {
                throw r.err("ioctl", e);
            }
        }
    }

    /** rulespec_intok(): the rule number, conditions, then actions. */
    private Rule intok(Run r, List<String> av) {
        if (av.isEmpty()) {
            throw r.errx("unexpected end of rulespec");
        }
        int i = 0;
        int rnum = 0;
        Optional<Integer> n = atonum(av.getFirst());
        if (n.isPresent()) {
            rnum = n.get();
            i++;
        }
        EnumSet<Type> types = EnumSet.noneOf(Type.class);
        Optional<String> path = Optional.empty();
        while (i < av.size()) {
            String w = av.get(i);
            if (w.equals("type")) {
                if (i + 1 >= av.size()) {
                    throw r.errx("expecting argument for type");
                }
                String t = av.get(i + 1);
                switch (t) {
                    case "disk" -> types.add(Type.DISK);
                    case "mem" -> types.add(Type.MEM);
                    case "tape" -> types.add(Type.TAPE);
                    case "tty" -> types.add(Type.TTY);
                    default -> throw r.errx("unknown type: " + t);
                }
                i += 2;
            } else if (w.equals("path")) {
                if (i + 1 >= av.size()) {
                    throw r.errx("expecting argument for path");
                }
                String p = av.get(i + 1);
                byte[] b = p.getBytes(StandardCharsets.UTF_8);
                if (b.length >= 200) {
                    r.err.append(r.prog).append(": pattern specified too long; truncated\n");
                    p = new String(b, 0, 199, StandardCharsets.UTF_8);
                }
                path = Optional.of(p);
                i += 2;
            } else {
                break;
            }
        }
        boolean hide = false;
        boolean unhide = false;
        Optional<Integer> uid = Optional.empty();
        Optional<Integer> gid = Optional.empty();
        Optional<Integer> mode = Optional.empty();
        Optional<Integer> inc = Optional.empty();
        while (i < av.size()) {
            String w = av.get(i);
            switch (w) {
                case "hide" -> {
                    hide = true;
                    i++;
                }
                case "unhide" -> {
                    unhide = true;
                    i++;
                }
                case "user", "group", "mode", "include" -> {
                    if (i + 1 >= av.size()) {
                        throw r.errx("expecting argument for " + w);
                    }
                    String a = av.get(i + 1);
                    switch (w) {
                        case "user" -> uid = Optional.of(USERS.containsKey(a) ? USERS.get(a) : eatoi(r, a));
                        case "group" -> gid = Optional.of(GROUPS.containsKey(a) ? GROUPS.get(a) : eatoi(r, a));
                        case "mode" -> mode = Optional.of(setmode(r, a));
                        default -> inc = Optional.of(eatonum(r, a));
                    }
                    i += 2;
                }
                default -> throw r.errx("unknown argument: " + w);
            }
        }
        return new Rule(rnum, types, path, hide, unhide, uid, gid, mode, inc);
    }

    private static int setmode(Run r, String a) {
        if (a.isEmpty() || !Character.isDigit(a.charAt(0))) {
            r.err.append(r.prog).append(": simulated devfs: symbolic modes are not modelled: ").append(a).append('\n');
            throw new Exit(1);
        }
        if (!a.matches("[0-7]+") || Long.parseLong(a, 8) > 07777) {
            throw r.errx("invalid mode: " + a);
        }
        return Integer.parseInt(a, 8);
    }

    // ------------------------------------------------------------------ the kernel

    private int rsn(Run r, int rsnum) {
        return rsnum == 0 ? mounts.get(r.mount) : rsnum;
    }

    private int radd(Run r, Rule rule) {
        int rs = rsn(r, r.inRsnum);
        Ruleset s = sets.get(rs);
        if (rule.number() != 0 && s != null && s.rules.containsKey(rule.number())) {
            return EEXIST;
        }
        if (rs == 0) {
            return EIO;
        }
        Ruleset inc = null;
        if (rule.include().isPresent()) {
            inc = sets.get(rule.include().get());
            if (inc == null) {
                return ESRCH;
            }
        }
        if (s == null) {
            s = new Ruleset();
            sets.put(rs, s);
        }
        int rn = rule.number();
        if (rn == 0) {
            rn = s.rules.isEmpty() ? 100 : s.rules.lastKey() + 100;
            if (rn > 0xffff) {
                reap(rs);
                return ERANGE;
            }
        }
        if (inc != null) {
            inc.refcount++;
        }
        s.rules.put(rn, new Rule(rn, rule.types(), rule.path(), rule.hide(), rule.unhide(), rule.uid(),
                rule.gid(), rule.mode(), rule.include()));
        return 0;
    }

    private int rapply(Run r, Rule rule) {
        if (rule.include().isPresent() && !sets.containsKey(rule.include().get())) {
            return ESRCH;
        }
        applied.add(r.mount + " rule " + render(rule));
        return 0;
    }

    private void delete(int rs, int rn) {
        Ruleset s = sets.get(rs);
        Rule rule = s.rules.remove(rn);
        if (rule.include().isPresent()) {
            Ruleset inc = sets.get(rule.include().get());
            inc.refcount--;
            reap(rule.include().get());
        }
        reap(rs);
    }

    private void reap(int rs) {
        Ruleset s = sets.get(rs);
        if (s != null && s.rules.isEmpty() && s.refcount == 0) {
            sets.remove(rs);
        }
    }

    /** devfs_ruleset_use(): drop the mount's current ruleset, take {@code rs} (creating it). */
    private void use(String mount, int rs) {
        int cur = mounts.get(mount);
        if (cur != 0) {
            sets.get(cur).refcount--;
            reap(cur);
        }
        mounts.put(mount, rs);
        if (rs != 0) {
            sets.computeIfAbsent(rs, k -> new Ruleset()).refcount++;
        }
    }

    private static String render(Rule rule) {
        StringBuilder sb = new StringBuilder().append(rule.number());
        for (Type t : rule.types()) {
            sb.append(" type ").append(t.name().toLowerCase(java.util.Locale.ROOT));
        }
        rule.path().ifPresent(p -> sb.append(" path ").append(p));
        if (rule.hide()) {
            sb.append(" hide");
        }
        if (rule.unhide()) {
            sb.append(" unhide");
        }
        rule.uid().ifPresent(u -> sb.append(" user ").append(name(USERS, u)));
        rule.gid().ifPresent(g -> sb.append(" group ").append(name(GROUPS, g)));
        rule.mode().ifPresent(m -> sb.append(" mode ").append(Integer.toOctalString(m)));
        rule.include().ifPresent(n -> sb.append(" include ").append(n));
        return sb.toString();
    }

    private static String name(Map<String, Integer> table, int id) {
        return table.entrySet().stream().filter(e -> e.getValue() == id).map(Map.Entry::getKey).findFirst()
                .orElse(Integer.toString(id));
    }

    // ------------------------------------------------------------------ number conversions (devfs.c)

    /** atonum(): strtoul base 10, at most 65535, nothing after the digits. */
    private static Optional<Integer> atonum(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 0x80) {
            i++;
        }
        if (i == start) {
            return s.isEmpty() ? Optional.of(0) : Optional.empty(); // strtoul leaves cp at the start
        }
        if (i != s.length()) {
            return Optional.empty();
        }
        String digits = s.substring(start, i).replaceFirst("^0+(?=.)", "");
        if (digits.length() > 5) {
            return Optional.empty();
        }
        long v = Long.parseLong(digits);
        if (neg && v != 0) {
            return Optional.empty(); // negated unsigned value is huge
        }
        return v > 0xffff ? Optional.empty() : Optional.of((int) v);
    }

    private static int eatonum(Run r, String s) {
        return atonum(s).orElseThrow(() -> r.errx("error converting to number: " + s));
    }

    /** eatoi(): strtol base 10, at most INT_MAX, nothing after the digits. */
    private static int eatoi(Run r, String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 0x80) {
            i++;
        }
        if (i == start) {
            if (s.isEmpty()) {
                return 0;
            }
            throw r.errx("error converting to integer: " + s);
        }
        if (i != s.length()) {
            throw r.errx("error converting to integer: " + s);
        }
        String digits = s.substring(start, i).replaceFirst("^0+(?=.)", "");
        java.math.BigInteger v = new java.math.BigInteger(digits);
        if (neg) {
            v = v.negate();
        }
        if (v.compareTo(java.math.BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            throw r.errx("error converting to integer: " + s);
        }
        return v.max(java.math.BigInteger.valueOf(Long.MIN_VALUE)).intValue();
    }

    private static Map<String, Integer> ordered(Object... kv) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Integer) kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
