package dev.xc.testkit.pf;

import dev.xc.api.net.IpLiteral;
import dev.xc.api.spi.Command;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.SimulatedHost.Outcome;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A simulated {@code pfctl(8)} for {@link SimulatedHost}: register it with
 * {@code SimulatedHost.builder().tool("pfctl", pfctl)}. It keeps pf's state (enabled or not, tables with their
 * addresses, anchors with their loaded nat/rdr rules) and answers the command lines xc uses, with FreeBSD's exit
 * statuses and messages (freebsd-facts.md 4.1):
 *
 * <ul>
 *   <li>{@code -s Running}: {@code Enabled}/{@code Disabled} on stdout, exit 0 when enabled and 1 when not (as
 *       {@code pfctl_show_running()} returns {@code !running}); {@code -s info}: a {@code Status: ...} line;
 *       {@code [-a ANCHOR] -s nat}: the anchor's translation rules, expanded, as {@link PfRule#toString()} prints
 *       them; {@code -s rules}: nothing (no filter rules are modelled); {@code -s Anchors}; {@code -s Tables}.</li>
 *   <li>{@code [-a ANCHOR] -f -}: parses stdin with {@link PfConfParser}; on errors prints {@code stdin:LINE: message}
 *       for each, then {@code pfctl: Syntax error in config file: pf rules not loaded}, exit 1, and changes nothing;
 *       otherwise replaces the anchor's rules (an empty load removes the anchor).</li>
 *   <li>{@code [-a ANCHOR] -t TABLE -T add|delete|show|flush|kill|test [ADDR...]}: feedback on stderr
 *       ({@code 1 table created.}, {@code N/M addresses added.}, ...), {@code show} on stdout with three leading
 *       spaces; a missing table gives {@code pfctl: Table does not exist.} with exit 255; a name of 32 characters or
 *       more prints the usage, exit 1.</li>
 *   <li>{@code -e}/{@code -d}: enable/disable ({@code pf already enabled}, {@code pf not enabled}, exit 1).</li>
 *   <li>{@code -q} silences feedback. Options are parsed like getopt(3) with pfctl's option string, clusters and
 *       attached values included ({@code -sn}, {@code -f-}); modifiers may be abbreviated to a unique prefix, first
 *       match in pfctl's list wins. An option pfctl does not have is {@code pfctl: illegal option -- X} plus the
 *       usage, exit 1; a real pfctl option that the simulation does not model fails with exit 1 too, so a backend
 *       cannot rely on unmodelled behaviour.</li>
 *   <li>When pf is not loaded ({@link #notLoaded()}), every command that reaches {@code /dev/pf} fails with
 *       {@code pfctl: /dev/pf: No such file or directory}, exit 1.</li>
 * </ul>
 *
 * <p>Not verified against a real pfctl (simulation choices): the text for an address that does not parse in a table
 * command ({@code no IP address found for X}, exit 1), {@code -s nat} on an anchor that does not exist (prints nothing,
 * exit 0), the exact {@code -s info} layout.
 *
 * <p>Thread-safe: every command runs under the instance's lock.
 */
public final class SimulatedPfctl implements SimulatedHost.Tool, SimulatedHost.Stateful {

    private static final String OPTSTRING = "a:AdD:eqf:F:ghi:k:K:mMnNOo:Pp:rRs:t:T:vx:z";
    private static final String MODELLED = "adefqsFtT";
    private static final List<String> SHOW = List.of("ether", "nat", "queue", "rules", "Anchors", "Sources", "states",
            "info", "Interfaces", "labels", "timeouts", "memory", "Tables", "osfp", "Running", "all", "creatorids");
    private static final List<String> TABLE_CMDS = List.of("kill", "flush", "add", "delete", "load", "replace", "show",
            "test", "zero", "expire");
    private static final List<String> FLUSH = List.of("nat", "queue", "rules", "Sources", "states", "info", "Tables",
            "osfp", "all", "ethernet");
    static final String USAGE = """
            usage: pfctl [-AdeghMmNnOPqRrvz] [-a anchor] [-D macro=value] [-F modifier]
            \t[-f file] [-i interface] [-K host | network]
            \t[-k host | network | gateway | label | id] [-o level] [-p device]
            \t[-s modifier] [-t table -T command [address ...]] [-x level]
            """;
    private static final Comparator<InetAddress> ADDRESS_ORDER = Comparator
            .<InetAddress>comparingInt(a -> a.getAddress().length)
            .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned);

    /** One table entry: an address and its prefix length. */
    private record Entry(InetAddress address, int prefix) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = ADDRESS_ORDER.compare(address, o.address);
            return c != 0 ? c : Integer.compare(prefix, o.prefix);
        }

        @Override
        public String toString() {
            int max = address.getAddress().length * 8;
            return IpLiteral.format(address) + (prefix == max ? "" : "/" + prefix);
        }
    }

    private boolean loaded;
    private boolean enabled;
    /** Tables by anchor path ("" for the main ruleset), then by name. */
    private final Map<String, Map<String, TreeSet<Entry>>> tables = new TreeMap<>();
    private final Map<String, List<PfRule>> anchors = new TreeMap<>();
    private final Deque<Outcome> injected = new ArrayDeque<>();

    private SimulatedPfctl(boolean loaded, boolean enabled) {
        this.loaded = loaded;
        this.enabled = enabled;
    }

    /** pf loaded and enabled, no tables, no anchors. */
    public static SimulatedPfctl enabled() {
        return new SimulatedPfctl(true, true);
    }

    /** pf loaded but disabled ({@code pfctl -d}). */
    public static SimulatedPfctl disabled() {
        return new SimulatedPfctl(true, false);
    }

    /** pf.ko not loaded: {@code /dev/pf} does not exist. */
    public static SimulatedPfctl notLoaded() {
        return new SimulatedPfctl(false, false);
    }

    /** Whether pf is loaded and enabled, its tables by anchor and name, and the rules of each anchor. */
    @Override
    public synchronized Map<String, Object> exportState() {
        Map<String, Object> m = new TreeMap<>();
        m.put("loaded", loaded);
        m.put("enabled", enabled);
        Map<String, Object> ts = new TreeMap<>();
        tables.forEach((anchor, byName) -> {
            Map<String, Object> t = new TreeMap<>();
            byName.forEach((name, entries) -> t.put(name, entries.stream()
                    .map(e -> List.of(IpLiteral.format(e.address()), e.prefix())).toList()));
            ts.put(anchor, t);
        });
        m.put("tables", ts);
        Map<String, Object> as = new TreeMap<>();
        anchors.forEach((anchor, rules) -> as.put(anchor, rules.stream().map(r -> {
            Map<String, Object> o = new TreeMap<>();
            o.put("action", r.action());
            o.put("no", r.no());
            o.put("pass", r.pass());
            o.put("iface", r.iface().orElse(null));
            o.put("inet6", r.inet6());
            o.put("protocol", r.protocol().orElse(null));
            o.put("from", r.from());
            o.put("to", r.to());
            o.put("toPort", List.of(r.toPortLow(), r.toPortHigh()));
            o.put("target", r.target().orElse(null));
            o.put("targetPort", List.of(r.targetPortLow(), r.targetPortHigh()));
            return o;
        }).toList()));
        m.put("anchors", as);
        return m;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void importState(Map<String, Object> state) {
        loaded = (Boolean) state.get("loaded");
        enabled = (Boolean) state.get("enabled");
        tables.clear();
        ((Map<String, Object>) state.get("tables")).forEach((anchor, byName) -> {
            Map<String, TreeSet<Entry>> t = new TreeMap<>();
            ((Map<String, Object>) byName).forEach((name, entries) -> {
                TreeSet<Entry> set = new TreeSet<>();
                for (Object e : (List<Object>) entries) {
                    List<Object> ap = (List<Object>) e;
                    set.add(new Entry(InetAddress.ofLiteral((String) ap.get(0)), ((Number) ap.get(1)).intValue()));
                }
                t.put(name, set);
            });
            tables.put(anchor, t);
        });
        anchors.clear();
        ((Map<String, Object>) state.get("anchors")).forEach((anchor, rules) -> {
            List<PfRule> rs = new ArrayList<>();
            for (Object o : (List<Object>) rules) {
                Map<String, Object> r = (Map<String, Object>) o;
                List<Number> to = (List<Number>) r.get("toPort");
                List<Number> tp = (List<Number>) r.get("targetPort");
                rs.add(new PfRule((String) r.get("action"), (Boolean) r.get("no"), (Boolean) r.get("pass"),
                        Optional.ofNullable((String) r.get("iface")), (Boolean) r.get("inet6"),
                        Optional.ofNullable((String) r.get("protocol")), (String) r.get("from"), (String) r.get("to"),
                        to.get(0).intValue(), to.get(1).intValue(), Optional.ofNullable((String) r.get("target")),
                        tp.get(0).intValue(), tp.get(1).intValue()));
            }
            anchors.put(anchor, List.copyOf(rs));
        });
    }

    /** Makes the next command fail with {@code exitCode} and {@code stderr}, without running it. */
    public synchronized void failNext(int exitCode, String stderr) {
        injected.add(Outcome.fail(exitCode, stderr));
    }

    public synchronized boolean isEnabled() {
        return enabled;
    }

    /** The addresses of table {@code name} in the main ruleset as {@code -T show} lists them; empty if missing. */
    public synchronized List<String> table(String name) {
        return table("", name);
    }

    /** The addresses of table {@code name} in {@code anchor}; empty when the table does not exist. */
    public synchronized List<String> table(String anchor, String name) {
        TreeSet<Entry> t = tables.getOrDefault(anchor, Map.of()).get(name);
        return t == null ? List.of() : t.stream().map(Entry::toString).toList();
    }

    /** Whether table {@code name} exists in the main ruleset. */
    public synchronized boolean hasTable(String name) {
        return tables.getOrDefault("", Map.of()).containsKey(name);
    }

    /** The rules loaded in {@code anchor}, as {@code -a ANCHOR -s nat} prints them; empty when none. */
    public synchronized List<String> anchorRules(String anchor) {
        return PfRule.lines(anchors.getOrDefault(anchor, List.of()));
    }

    /** The anchors that hold rules. */
    public synchronized Set<String> anchors() {
        return Set.copyOf(anchors.keySet());
    }

    @Override
    public synchronized Outcome run(Command command) {
        if (!injected.isEmpty()) {
            return injected.poll();
        }
        try {
            return execute(command);
        } catch (Exit e) {
            return new Outcome(e.code, e.stdout, e.stderr);
        }
    }

    /** Ends a command early with an exit status and output. */
    private static final class Exit extends RuntimeException {
        final int code;
        final String stdout;
        final String stderr;

        Exit(int code, String stdout, String stderr) {
            super(null, null, false, false);
            this.code = code;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    private static Exit usage() {
        return new Exit(1, "", USAGE);
    }

    private static Exit fail(int code, String message) {
        return new Exit(code, "", message + "\n");
    }

    private Outcome execute(Command command) {
        List<String> argv = command.argv();
        Map<Character, String> opts = new TreeMap<>();
        List<Character> flags = new ArrayList<>();
        int i = 1;
        while (i < argv.size()) {
            String a = argv.get(i);
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                break;
            }
            int j = 1;
            while (j < a.length()) {
                char c = a.charAt(j);
                int at = OPTSTRING.indexOf(c);
                if (at < 0 || c == ':') {
                    throw new Exit(1, "", "pfctl: illegal option -- " + c + "\n" + USAGE);
                }
                boolean takesArg = at + 1 < OPTSTRING.length() && OPTSTRING.charAt(at + 1) == ':';
                if (MODELLED.indexOf(c) < 0) {
                    throw fail(1, "pfctl (simulated): option -" + c + " is not modelled");
                }
                if (takesArg) {
                    String value;
                    if (j + 1 < a.length()) {
                        value = a.substring(j + 1);
                    } else if (i + 1 < argv.size()) {
                        value = argv.get(++i);
                    } else {
                        throw new Exit(1, "", "pfctl: option requires an argument -- " + c + "\n" + USAGE);
                    }
                    if (opts.put(c, value) != null) {
                        throw fail(1, "pfctl (simulated): option -" + c + " given twice is not modelled");
                    }
                    j = a.length();
                } else {
                    flags.add(c);
                    j++;
                }
            }
            i++;
        }
        List<String> operands = argv.subList(i, argv.size());
        boolean quiet = flags.contains('q');

        String anchor = opts.getOrDefault('a', "");
        if (anchor.startsWith("/")) {
            anchor = anchor.substring(1);
        }
        if (opts.containsKey('a')) {
            checkAnchor(anchor, opts.containsKey('f') || opts.containsKey('F'));
        }
        Optional<String> show = lookup(opts.get('s'), SHOW, "show modifier");
        Optional<String> tableCmd = lookup(opts.get('T'), TABLE_CMDS, "table command");
        Optional<String> flush = lookup(opts.get('F'), FLUSH, "flush modifier");
        String table = opts.get('t');
        if (tableCmd.isPresent() != (table != null)) {
            throw usage();
        }
        if (table != null && table.length() >= 32) {
            throw usage();
        }
        if (!operands.isEmpty() && tableCmd.isEmpty()) {
            throw new Exit(1, "", "pfctl: unknown command line argument: " + operands.getFirst() + " ...\n" + USAGE);
        }
        if (opts.isEmpty() && flags.stream().allMatch(f -> f == 'q')) {
            throw usage();
        }
        if (!loaded) {
            throw fail(1, "pfctl: /dev/pf: No such file or directory");
        }

        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int status = 0;
        if (flags.contains('d')) {
            if (!enabled) {
                throw fail(1, "pfctl: pf not enabled");
            }
            enabled = false;
            if (!quiet) err.append("pf disabled\n");
        }
        if (flush.isPresent()) {
            flush(anchor, flush.get(), quiet, err);
        }
        if (opts.containsKey('f')) {
            load(anchor, opts.get('f'), command.stdin());
        }
        if (tableCmd.isPresent()) {
            status = table(anchor, table, tableCmd.get(), operands, quiet, out, err);
        }
        if (show.isPresent()) {
            status = Math.max(status, show(anchor, show.get(), out));
        }
        if (flags.contains('e')) {
            if (enabled) {
                throw new Exit(1, out.toString(), err + "pfctl: pf already enabled\n");
            }
            enabled = true;
            if (!quiet) err.append("pf enabled\n");
        }
        return new Outcome(status, out.toString(), err.toString());
    }

    private static Optional<String> lookup(String given, List<String> list, String what) {
        if (given == null) {
            return Optional.empty();
        }
        if (!given.isEmpty()) {
            for (String s : list) {
                if (s.startsWith(given)) {
                    return Optional.of(s);
                }
            }
        }
        throw new Exit(1, "", "pfctl: Unknown " + what + " '" + given + "'\n" + USAGE);
    }

    private static void checkAnchor(String anchor, boolean modifies) {
        if (anchor.length() >= 1024) {
            throw fail(1, "pfctl: anchor name '" + anchor + "' too long");
        }
        if (modifies && (anchor.startsWith("_") || anchor.contains("/_"))) {
            throw fail(1, "pfctl: anchor names beginning with '_' cannot be modified from the command line");
        }
        for (String part : anchor.split("/", -1)) {
            if (part.isEmpty() || part.length() >= 64) {
                throw fail(1, "pfctl: DIOCXBEGIN: Invalid argument");
            }
        }
    }

    private void flush(String anchor, String what, boolean quiet, StringBuilder err) {
        switch (what) {
            case "nat" -> {
                anchors.remove(anchor);
                if (!quiet) err.append("nat cleared\n");
            }
            case "rules" -> {
                if (!quiet) err.append("rules cleared\n");
            }
            case "Tables" -> {
                Map<String, TreeSet<Entry>> t = tables.remove(anchor);
                if (!quiet) err.append(t == null ? 0 : t.size()).append(" tables deleted.\n");
            }
            case "all" -> {
                anchors.remove(anchor);
                Map<String, TreeSet<Entry>> t = tables.remove(anchor);
                if (!quiet) {
                    err.append("rules cleared\nnat cleared\n").append(t == null ? 0 : t.size())
                            .append(" tables deleted.\n");
                }
            }
            default -> throw fail(1, "pfctl (simulated): -F " + what + " is not modelled");
        }
    }

    private void load(String anchor, String file, byte[] stdin) {
        if (!file.equals("-")) {
            throw fail(1, "pfctl (simulated): only -f - (rules on stdin) is modelled, not -f " + file);
        }
        PfConfParser.Result r = PfConfParser.parse(new String(stdin, StandardCharsets.UTF_8));
        if (!r.ok()) {
            StringBuilder err = new StringBuilder();
            for (String e : r.errors()) {
                err.append("stdin:").append(e).append('\n');
            }
            err.append("pfctl: Syntax error in config file: pf rules not loaded\n");
            throw new Exit(1, "", err.toString());
        }
        if (!anchor.isEmpty() && (!r.tables().isEmpty() || !r.anchorHooks().isEmpty())) {
            throw fail(1, "pfctl (simulated): tables and anchor hooks inside an anchor are not modelled");
        }
        if (r.rules().isEmpty()) {
            anchors.remove(anchor);
        } else {
            anchors.put(anchor, r.rules());
        }
        for (String t : r.tables()) {
            tables.computeIfAbsent("", k -> new TreeMap<>()).computeIfAbsent(t, k -> new TreeSet<>());
        }
    }

    private int table(String anchor, String name, String cmd, List<String> operands, boolean quiet,
                      StringBuilder out, StringBuilder err) {
        Map<String, TreeSet<Entry>> inAnchor = tables.computeIfAbsent(anchor, k -> new TreeMap<>());
        TreeSet<Entry> t = inAnchor.get(name);
        switch (cmd) {
            case "add" -> {
                List<Entry> entries = entries(operands);
                if (t == null) {
                    t = new TreeSet<>();
                    inAnchor.put(name, t);
                    if (!quiet) err.append("1 table created.\n");
                }
                int added = 0;
                for (Entry e : entries) {
                    if (t.add(e)) added++;
                }
                if (!quiet) err.append(added).append('/').append(entries.size()).append(" addresses added.\n");
                return 0;
            }
            case "delete" -> {
                List<Entry> entries = entries(operands);
                if (t == null) {
                    throw new Exit(255, "", err + "pfctl: Table does not exist.\n");
                }
                int deleted = 0;
                for (Entry e : entries) {
                    if (t.remove(e)) deleted++;
                }
                if (!quiet) err.append(deleted).append('/').append(entries.size()).append(" addresses deleted.\n");
                return 0;
            }
            case "show" -> {
                noOperands(operands);
                if (t == null) {
                    throw new Exit(255, "", "pfctl: Table does not exist.\n");
                }
                for (Entry e : t) {
                    out.append("   ").append(e).append('\n');
                }
                return 0;
            }
            case "flush" -> {
                noOperands(operands);
                if (t == null) {
                    throw new Exit(255, "", "pfctl: Table does not exist.\n");
                }
                int n = t.size();
                t.clear();
                if (!quiet) err.append(n).append(" addresses deleted.\n");
                return 0;
            }
            case "kill" -> {
                noOperands(operands);
                if (t == null) {
                    throw new Exit(255, "", "pfctl: Table does not exist.\n");
                }
                inAnchor.remove(name);
                if (!quiet) err.append("1 table deleted.\n");
                return 0;
            }
            case "test" -> {
                List<Entry> entries = entries(operands);
                if (t == null) {
                    throw new Exit(255, "", "pfctl: Table does not exist.\n");
                }
                long match = entries.stream().filter(t::contains).count();
                if (!quiet) err.append(match).append('/').append(entries.size()).append(" addresses match.\n");
                return match == entries.size() ? 0 : 2;
            }
            default -> throw fail(1, "pfctl (simulated): -T " + cmd + " is not modelled");
        }
    }

    private static void noOperands(List<String> operands) {
        if (!operands.isEmpty()) {
            throw usage();
        }
    }

    private static List<Entry> entries(List<String> operands) {
        List<Entry> out = new ArrayList<>();
        for (String o : operands) {
            String addr = o;
            int prefix = -1;
            int slash = o.indexOf('/');
            if (slash >= 0) {
                addr = o.substring(0, slash);
                String m = o.substring(slash + 1);
                if (m.isEmpty() || m.length() > 3 || !m.chars().allMatch(Character::isDigit)) {
                    throw fail(1, "pfctl: illegal netmask value " + o);
                }
                prefix = Integer.parseInt(m);
            }
            Optional<InetAddress> a = IpLiteral.tryParse(addr);
            if (a.isEmpty()) {
                throw fail(1, "no IP address found for " + o);
            }
            int max = a.get().getAddress().length * 8;
            if (prefix > max) {
                throw fail(1, "pfctl: illegal netmask value " + o);
            }
            out.add(new Entry(a.get(), prefix < 0 ? max : prefix));
        }
        return out;
    }

    private int show(String anchor, String what, StringBuilder out) {
        switch (what) {
            case "Running" -> {
                out.append(enabled ? "Enabled\n" : "Disabled\n");
                return enabled ? 0 : 1;
            }
            case "info" -> {
                out.append("Status: ").append(enabled ? "Enabled" : "Disabled")
                        .append(" for 0 days 00:00:00           Debug: Urgent\n\n");
                return 0;
            }
            case "nat" -> {
                for (String line : PfRule.lines(anchors.getOrDefault(anchor, List.of()))) {
                    out.append(line).append('\n');
                }
                return 0;
            }
            case "rules" -> {
                return 0;
            }
            case "Anchors" -> {
                String prefix = anchor.isEmpty() ? "" : anchor + "/";
                for (String a : anchors.keySet()) {
                    if (!a.isEmpty() && a.startsWith(prefix) && !a.substring(prefix.length()).contains("/")) {
                        out.append("  ").append(a).append('\n');
                    }
                }
                return 0;
            }
            case "Tables" -> {
                for (String t : tables.getOrDefault(anchor, Map.of()).keySet()) {
                    out.append(t).append('\n');
                }
                return 0;
            }
            default -> throw fail(1, "pfctl (simulated): -s " + what + " is not modelled");
        }
    }
}
