package dev.xc.testkit.pf;

import dev.xc.api.net.IpLiteral;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the part of pf.conf(5) the simulated pfctl understands: translation rules ({@code [no] rdr|nat [pass [log]]
 * [on IF|{IF, ...}] [inet|inet6] [proto P|{P, ...}] (all | [from HOSTS [port PORTS]] [to HOSTS [port PORTS]])
 * [tag T] [tagged T] [-> HOST [port N|N:M|N:*]]}), {@code table <NAME> [persist|const|counters]}, the anchor hooks
 * {@code rdr-anchor|nat-anchor|anchor "NAME"} (or a bare NAME such as {@code xc-rdr}), comments and blank lines. Anything else is a {@code syntax error}, as it
 * would be for pfctl in this position or because the simulation does not model it.
 *
 * <p>Checks follow FreeBSD's {@code sbin/pfctl/parse.y} (2024 main, see freebsd-facts.md 4.2): {@code rdr}/{@code nat}
 * need {@code ->} ({@code translation rule requires '-> address'}) and {@code no} rules must not have it; rdr ports
 * need tcp, udp or sctp ({@code dst port only applies to tcp/udp/sctp}, likewise {@code src port} and {@code rpool
 * port}); the rdr destination port takes only {@code =} or a range ({@code invalid port operator for rdr destination
 * port}); ports above 65535 give {@code illegal port value N}; unknown service names {@code unknown port NAME}; an
 * unknown protocol {@code unknown protocol NAME}; a target of the wrong family {@code no translation address with
 * matching address family found.}; match addresses none of which fits the rule's family {@code rule expands to no
 * valid combination}; a host that is not an address {@code no IP address found for X}.
 *
 * <p>Deliberately stricter than parse.y, or worded by the simulation where pfctl's text is not verified (pfctl may take
 * some of these): port 0 is refused everywhere with {@code illegal port value 0} (parse.y refuses it only
 * inside ranges and after {@code ->}); a reversed range {@code 8010:8000} gives {@code illegal port range 8010:8000};
 * a target range {@code N:*} whose computed end passes 65535 gives {@code illegal port value END}; only a few service
 * names are known ({@code ssh}, {@code domain}, {@code http}, {@code https}). Line continuation with {@code \} and
 * macros are not modelled.
 *
 * <p>Stateless and thread-safe.
 */
public final class PfConfParser {

    /** The outcome of parsing a whole file: rules (expanded), tables declared, anchors hooked, errors by line. */
    public record Result(List<PfRule> rules, Set<String> tables, List<String> anchorHooks, List<String> errors) {
        public Result {
            rules = List.copyOf(rules);
            tables = Set.copyOf(tables);
            anchorHooks = List.copyOf(anchorHooks);
            errors = List.copyOf(errors);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private static final Pattern IFNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,14}");
    private static final Pattern BARE_WORD = Pattern.compile("[A-Za-z0-9_.:-]+");
    private static final Map<String, Integer> SERVICES = Map.of("ssh", 22, "domain", 53, "http", 80, "https", 443);
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp", "icmp", "icmp6", "ipv6-icmp", "gre");
    private static final Set<String> PORT_PROTOS = Set.of("tcp", "udp", "sctp");

    private PfConfParser() {
    }

    /**
     * Parses {@code text}; each error is {@code "LINE: message"} with 1-based line numbers (pfctl prefixes the file
     * name, {@code stdin:LINE: message}).
     */
    public static Result parse(String text) {
        List<PfRule> rules = new ArrayList<>();
        Set<String> tables = new LinkedHashSet<>();
        List<String> hooks = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            List<String> tokens;
            try {
                tokens = tokenize(lines[i]);
            } catch (Fail f) {
                errors.add((i + 1) + ": " + f.getMessage());
                continue;
            }
            if (tokens.isEmpty()) {
                continue;
            }
            try {
                new LineParser(tokens, rules, tables, hooks).line();
            } catch (Fail f) {
                // one rule can draw several messages (each is its own line in pfctl's output)
                for (String m : f.getMessage().split("\n")) {
                    errors.add((i + 1) + ": " + m);
                }
            }
        }
        return new Result(rules, tables, hooks, errors);
    }

    static List<String> tokenize(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == '#') {
                break;
            } else if (c == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) {
                    throw new Fail("unterminated quoted string");
                }
                out.add(line.substring(i, end + 1));
                i = end + 1;
            } else if ("{}(),".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '-' && i + 1 < n && line.charAt(i + 1) == '>') {
                out.add("->");
                i += 2;
            } else if (c == '<' || c == '>' || c == '!' || c == '=') {
                String two = i + 1 < n ? line.substring(i, i + 2) : "";
                if (two.equals("<=") || two.equals(">=") || two.equals("!=") || two.equals("<>") || two.equals("><")) {
                    out.add(two);
                    i += 2;
                } else {
                    out.add(String.valueOf(c));
                    i++;
                }
            } else {
                int j = i;
                while (j < n && " \t\r#\"{}(),<>!=".indexOf(line.charAt(j)) < 0
                        && !(line.charAt(j) == '-' && j + 1 < n && line.charAt(j + 1) == '>')) {
                    j++;
                }
                out.add(line.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    /** A parse failure of one line; the message is pfctl's. */
    static final class Fail extends RuntimeException {
        Fail(String message) {
            super(message, null, false, false);
        }
    }

    /** A host of a rule: an address with optional mask, a table, an interface, or a keyword. */
    private record Host(String text, Optional<InetAddress> address, boolean negated) {
        Optional<Boolean> isV6() {
            return address.map(PfRule::isV6);
        }

        String print() {
            return (negated ? "! " : "") + text;
        }
    }

    private record Ports(int low, int high, String op) {
        static final Ports NONE = new Ports(0, 0, "");
    }

    private static final class LineParser {
        private final List<String> t;
        private int p;
        private final List<PfRule> rules;
        private final Set<String> tables;
        private final List<String> hooks;

        LineParser(List<String> tokens, List<PfRule> rules, Set<String> tables, List<String> hooks) {
            this.t = tokens;
            this.rules = rules;
            this.tables = tables;
            this.hooks = hooks;
        }

        private Optional<String> peek() {
            return p < t.size() ? Optional.of(t.get(p)) : Optional.empty();
        }

        private boolean accept(String word) {
            if (p < t.size() && t.get(p).equals(word)) {
                p++;
                return true;
            }
            return false;
        }

        private String next() {
            if (p >= t.size()) {
                throw new Fail("syntax error");
            }
            return t.get(p++);
        }

        private void expect(String word) {
            if (!accept(word)) {
                throw new Fail("syntax error");
            }
        }

        void line() {
            String first = t.getFirst();
            switch (first) {
                case "table" -> table();
                case "rdr-anchor", "nat-anchor", "anchor", "binat-anchor" -> anchorHook();
                case "rdr", "nat", "no" -> translation();
                default -> throw new Fail("syntax error");
            }
        }

        private void table() {
            p = 1;
            expect("<");
            String name = next();
            expect(">");
            if (name.length() >= 32) {
                throw new Fail("table name too long: " + name);
            }
            while (peek().isPresent()) {
                String o = next();
                if (!o.equals("persist") && !o.equals("const") && !o.equals("counters")) {
                    throw new Fail("syntax error");
                }
            }
            tables.add(name);
        }

        private void anchorHook() {
            String kind = next();
            String name = next();
            // a quoted string, or a bare word of characters pf's lexer keeps in one string (no / * and the like)
            if (name.startsWith("\"")) {
                if (name.length() < 3) {
                    throw new Fail("syntax error");
                }
                name = name.substring(1, name.length() - 1);
            } else if (!BARE_WORD.matcher(name).matches()) {
                throw new Fail("syntax error");
            }
            if (peek().isPresent()) {
                throw new Fail("syntax error");
            }
            hooks.add(kind + " " + name);
        }

        private void translation() {
            boolean no = accept("no");
            String action = next();
            if (!action.equals("rdr") && !action.equals("nat")) {
                throw new Fail("syntax error");
            }
            boolean pass = false;
            if (accept("pass")) {
                pass = true;
                accept("log");
            }
            List<String> ifaces = List.of();
            if (accept("on")) {
                ifaces = list(this::ifname);
            }
            Optional<Boolean> af = Optional.empty();
            if (accept("inet")) {
                af = Optional.of(false);
            } else if (accept("inet6")) {
                af = Optional.of(true);
            }
            List<String> protos = List.of();
            if (accept("proto")) {
                protos = list(this::proto);
            }
            List<Host> from = List.of(new Host("any", Optional.empty(), false));
            List<Host> to = from;
            Ports fromPort = Ports.NONE;
            Ports toPort = Ports.NONE;
            if (!accept("all")) {
                if (accept("from")) {
                    from = hosts();
                    if (accept("port")) {
                        fromPort = portItem(true);
                    }
                }
                if (accept("to")) {
                    // the host may be left out: "to port 80" means any destination
                    to = peek().filter(w -> w.equals("port")).isPresent() ? to : hosts();
                    if (accept("port")) {
                        toPort = portItem(false);
                    }
                }
            }
            while (peek().filter(w -> w.equals("tag") || w.equals("tagged")).isPresent()) {
                next();
                next();
            }
            Optional<Host> target = Optional.empty();
            Ports targetPort = Ports.NONE;
            boolean star = false;
            if (accept("->")) {
                target = Optional.of(host());
                if (accept("port")) {
                    String w = next();
                    if (w.endsWith(":*")) {
                        star = true;
                        int a = port(w.substring(0, w.length() - 2), true);
                        targetPort = new Ports(a, a, "*");
                    } else {
                        targetPort = portWord(w, true);
                    }
                }
            }
            if (peek().isPresent()) {
                throw new Fail("syntax error");
            }
            if (!no && target.isEmpty()) {
                throw new Fail("translation rule requires '-> address'");
            }
            if (no && target.isPresent()) {
                throw new Fail("translation rule with 'no' does not need '->'");
            }
            if (action.equals("rdr")) {
                List<String> checked = protos.isEmpty() ? List.of("") : protos;
                for (String proto : checked) {
                    if (!PORT_PROTOS.contains(proto)) {
                        List<String> msgs = new ArrayList<>();
                        if (fromPort != Ports.NONE) msgs.add("src port only applies to tcp/udp/sctp");
                        if (toPort != Ports.NONE) msgs.add("dst port only applies to tcp/udp/sctp");
                        if (targetPort != Ports.NONE) msgs.add("rpool port only applies to tcp/udp/sctp");
                        if (!msgs.isEmpty()) {
                            throw new Fail(String.join("\n", msgs));
                        }
                    }
                }
                if (toPort != Ports.NONE && !toPort.op().equals("=") && !toPort.op().equals(":")) {
                    throw new Fail("invalid port operator for rdr destination port");
                }
            }
            // the family: given, else the first address literal of the match side or the target
            boolean inet6;
            if (af.isPresent()) {
                inet6 = af.get();
            } else {
                final List<Host> fromHosts = from;
                final Optional<Host> tgt = target;
                Optional<Boolean> guess = to.stream().flatMap(h -> h.isV6().stream()).findFirst()
                        .or(() -> fromHosts.stream().flatMap(h -> h.isV6().stream()).findFirst())
                        .or(() -> tgt.flatMap(Host::isV6));
                inet6 = guess.orElse(false);
            }
            if (target.isPresent() && target.get().isV6().isPresent() && target.get().isV6().get() != inet6) {
                throw new Fail("no translation address with matching address family found.");
            }
            final List<Host> fromAll = from;
            final List<Host> toAll = to;
            List<Host> fromOk = fromAll.stream().filter(h -> h.isV6().map(v -> v == inet6).orElse(true)).toList();
            List<Host> toOk = toAll.stream().filter(h -> h.isV6().map(v -> v == inet6).orElse(true)).toList();
            if (fromOk.isEmpty() || toOk.isEmpty()) {
                throw new Fail("rule expands to no valid combination");
            }
            int tLow = targetPort.low();
            int tHigh = targetPort.high();
            if (star) {
                tHigh = toPort != Ports.NONE ? tLow + (toPort.high() - toPort.low()) : tLow;
                if (tHigh > 65535) {
                    throw new Fail("illegal port value " + tHigh);
                }
            }
            List<Optional<String>> ifs = ifaces.isEmpty() ? List.of(Optional.empty())
                    : ifaces.stream().map(Optional::of).toList();
            List<Optional<String>> prs = protos.isEmpty() ? List.of(Optional.empty())
                    : protos.stream().map(Optional::of).toList();
            for (Optional<String> i : ifs) {
                for (Optional<String> pr : prs) {
                    for (Host f : fromOk) {
                        for (Host d : toOk) {
                            rules.add(new PfRule(action, no, pass, i, inet6, pr,
                                    f.print() + portSuffix(fromPort), d.print(), toPort.low(), toPort.high(),
                                    target.map(Host::print), tLow, tHigh));
                        }
                    }
                }
            }
        }

        private static String portSuffix(Ports ports) {
            if (ports == Ports.NONE) {
                return "";
            }
            return switch (ports.op()) {
                case "=" -> " port = " + ports.low();
                case ":" -> " port " + ports.low() + ":" + ports.high();
                case "<>", "><" -> " port " + ports.low() + " " + ports.op() + " " + ports.high();
                default -> " port " + ports.op() + " " + ports.low();
            };
        }

        private interface Item {
            String read();
        }

        private List<String> list(Item item) {
            if (accept("{")) {
                List<String> out = new ArrayList<>();
                while (true) {
                    out.add(item.read());
                    accept(",");
                    if (accept("}")) {
                        return out;
                    }
                    if (peek().isEmpty()) {
                        throw new Fail("syntax error");
                    }
                }
            }
            return List.of(item.read());
        }

        private String ifname() {
            String w = next();
            if (!IFNAME.matcher(w).matches()) {
                throw new Fail("syntax error");
            }
            return w;
        }

        private String proto() {
            String w = next();
            if (w.chars().allMatch(Character::isDigit) && !w.isEmpty()) {
                int n = Integer.parseInt(w.length() > 4 ? "9999" : w);
                if (n > 255) {
                    throw new Fail("protocol outside range");
                }
                return w;
            }
            if (!PROTOCOLS.contains(w)) {
                if ("{},()<>".contains(w)) {
                    throw new Fail("syntax error");
                }
                throw new Fail("unknown protocol " + w);
            }
            return w;
        }

        private List<Host> hosts() {
            if (accept("{")) {
                List<Host> out = new ArrayList<>();
                while (true) {
                    out.add(host());
                    accept(",");
                    if (accept("}")) {
                        return out;
                    }
                    if (peek().isEmpty()) {
                        throw new Fail("syntax error");
                    }
                }
            }
            return List.of(host());
        }

        private Host host() {
            boolean neg = accept("!");
            String w = next();
            switch (w) {
                case "any", "self", "no-route", "urpf-failed" -> {
                    return new Host(w, Optional.empty(), neg);
                }
                case "<" -> {
                    String name = next();
                    expect(">");
                    return new Host("<" + name + ">", Optional.empty(), neg);
                }
                case "(" -> {
                    String name = ifname();
                    expect(")");
                    return new Host("(" + name + ")", Optional.empty(), neg);
                }
                default -> {
                    if ("{},)>->".contains(w)) {
                        throw new Fail("syntax error");
                    }
                    String addr = w;
                    String mask = "";
                    int slash = w.indexOf('/');
                    if (slash >= 0) {
                        addr = w.substring(0, slash);
                        mask = w.substring(slash + 1);
                    }
                    Optional<InetAddress> a = IpLiteral.tryParse(addr);
                    if (a.isEmpty()) {
                        throw new Fail("no IP address found for " + w);
                    }
                    int max = PfRule.isV6(a.get()) ? 128 : 32;
                    if (!mask.isEmpty()) {
                        if (!mask.chars().allMatch(Character::isDigit) || mask.length() > 3
                                || Integer.parseInt(mask) > max) {
                            throw new Fail("illegal netmask value " + w);
                        }
                    }
                    String text = PfRule.host(a.get())
                            + (mask.isEmpty() || Integer.parseInt(mask) == max ? "" : "/" + Integer.parseInt(mask));
                    return new Host(text, a, neg);
                }
            }
        }

        private Ports portItem(boolean source) {
            String w = next();
            switch (w) {
                case "{" -> throw new Fail("syntax error"); // lists of ports are not modelled
                case "=", "!=", "<", "<=", ">", ">=" -> {
                    int v = port(next(), false);
                    return new Ports(v, v, w);
                }
                default -> {
                    if (peek().filter(x -> x.equals("<>") || x.equals("><")).isPresent()) {
                        String op = next();
                        int a = port(w, false);
                        int b = port(next(), false);
                        return new Ports(a, b, op);
                    }
                    return portWord(w, false);
                }
            }
        }

        /** {@code N}, {@code NAME} or {@code A:B}. */
        private Ports portWord(String w, boolean redirect) {
            int colon = w.indexOf(':');
            if (colon < 0) {
                int v = port(w, redirect);
                return new Ports(v, v, "=");
            }
            int a = port(w.substring(0, colon), true);
            int b = port(w.substring(colon + 1), true);
            if (b < a) {
                throw new Fail("illegal port range " + a + ":" + b);
            }
            return a == b ? new Ports(a, a, "=") : new Ports(a, b, ":");
        }

        private static int port(String w, boolean inRange) {
            if (w.isEmpty()) {
                throw new Fail("syntax error");
            }
            if (w.chars().allMatch(Character::isDigit)) {
                String digits = w.length() > 6 ? "9999999" : w;
                int v = Integer.parseInt(digits);
                if (v == 0 || v > 65535) {
                    throw new Fail("illegal port value " + v);
                }
                return v;
            }
            Integer s = SERVICES.get(w);
            if (s == null) {
                throw new Fail("unknown port " + w);
            }
            return s;
        }
    }
}
