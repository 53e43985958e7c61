package dev.xc.testkit.ipfw;

import dev.xc.api.net.IpLiteral;
import dev.xc.api.spi.Command;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.SimulatedHost.Outcome;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A simulated {@code ipfw(8)} for {@link SimulatedHost}, register it with {@code tool("ipfw", ipfw)}. It models:
 * <pre>
 * ipfw [-q] table NAME create type addr      "ipfw: Table already exists" (exit 71) when it does
 * ipfw [-q] table NAME destroy|flush|list
 * ipfw [-q] table NAME add|delete ADDR[/LEN]  one address per command
 * ipfw [-q] nat N config if IF [redirect_port tcp|udp ADDR:PORT[-PORT] [ALIAS:]PORT[-PORT]]...
 * ipfw nat N show config                      prints "ipfw nat N config ..." as stored
 * </pre>
 * Everything here follows freebsd-facts.md 4.4, which is marked <b>unverified</b> (from memory of ipfw(8)); the
 * messages and exit statuses (71, {@code EX_OSERR}, for kernel refusals; 64, {@code EX_USAGE}, for bad syntax) are
 * the simulation's choice. Table names are limited to letters, digits, {@code _ . -} and 63 characters; NAT is
 * IPv4 only (libalias), so an IPv6 address in {@code redirect_port} is refused; port ranges on both sides must have
 * the same length. Anything else is refused with exit 64.
 *
 * <p>Thread-safe: every command runs under the instance's lock.
 */
public final class SimulatedIpfw implements SimulatedHost.Tool {

    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,14}");
    private static final Pattern PORTS = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");

    private final Map<String, TreeSet<String>> tables = new TreeMap<>();
    private final Map<Integer, String> nat = new TreeMap<>();

    /** The entries of table {@code name}, sorted as text; empty when it does not exist. */
    public synchronized List<String> table(String name) {
        TreeSet<String> t = tables.get(name);
        return t == null ? List.of() : List.copyOf(t);
    }

    public synchronized boolean hasTable(String name) {
        return tables.containsKey(name);
    }

    /** The stored configuration of NAT instance {@code n}, as {@code ipfw nat N show config} prints it. */
    public synchronized Optional<String> natConfig(int n) {
        return Optional.ofNullable(nat.get(n));
    }

    @Override
    public synchronized Outcome run(Command command) {
        List<String> a = new ArrayList<>(command.argv().subList(1, command.argv().size()));
        boolean quiet = !a.isEmpty() && a.getFirst().equals("-q");
        if (quiet) {
            a.removeFirst();
        }
        if (a.isEmpty()) {
            return usage("no command");
        }
        return switch (a.getFirst()) {
            case "table" -> table(a);
            case "nat" -> nat(a);
            default -> usage("unknown or unmodelled command '" + a.getFirst() + "'");
        };
    }

    private static Outcome usage(String why) {
        return Outcome.fail(64, "ipfw: " + why + "\n");
    }

    private Outcome table(List<String> a) {
        if (a.size() < 3) {
            return usage("table needs a name and a command");
        }
        String name = a.get(1);
        if (!TABLE_NAME.matcher(name).matches()) {
            return usage("table name is invalid: " + name);
        }
        String cmd = a.get(2);
        List<String> rest = a.subList(3, a.size());
        TreeSet<String> t = tables.get(name);
        switch (cmd) {
            case "create" -> {
                if (!rest.equals(List.of("type", "addr"))) {
                    return usage("table create: only 'type addr' is modelled");
                }
                if (t != null) {
                    return Outcome.fail(71, "ipfw: Table already exists\n");
                }
                tables.put(name, new TreeSet<>());
                return Outcome.ok("");
            }
            case "destroy", "flush", "list" -> {
                if (!rest.isEmpty()) {
                    return usage("table " + cmd + " takes no arguments");
                }
                if (t == null) {
                    return Outcome.fail(71, "ipfw: Table not found\n");
                }
                if (cmd.equals("destroy")) {
                    tables.remove(name);
                } else if (cmd.equals("flush")) {
                    t.clear();
                } else {
                    StringBuilder sb = new StringBuilder("--- table(" + name + "), set(0) ---\n");
                    for (String e : t) {
                        sb.append(e).append(" 0\n");
                    }
                    return Outcome.ok(sb.toString());
                }
                return Outcome.ok("");
            }
            case "add", "delete" -> {
                if (rest.size() != 1) {
                    return usage("table " + cmd + ": one address per command is modelled");
                }
                Optional<String> entry = entry(rest.getFirst());
                if (entry.isEmpty()) {
                    return usage("bad address: " + rest.getFirst());
                }
                if (t == null) {
                    return Outcome.fail(71, "ipfw: Table not found\n");
                }
                if (cmd.equals("add")) {
                    if (!t.add(entry.get())) {
                        return Outcome.fail(71, "ipfw: Entry already exists\n");
                    }
                    return Outcome.ok("added: " + entry.get() + " 0\n");
                }
                if (!t.remove(entry.get())) {
                    return Outcome.fail(71, "ipfw: Entry not found\n");
                }
                return Outcome.ok("deleted: " + entry.get() + " 0\n");
            }
            default -> {
                return usage("table command '" + cmd + "' is unknown or unmodelled");
            }
        }
    }

    private static Optional<String> entry(String text) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        Optional<InetAddress> ia = IpLiteral.tryParse(addr);
        if (ia.isEmpty()) {
            return Optional.empty();
        }
        int max = ia.get().getAddress().length * 8;
        int len = max;
        if (slash >= 0) {
            String m = text.substring(slash + 1);
            if (m.isEmpty() || m.length() > 3 || !m.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(m) > max) {
                return Optional.empty();
            }
            len = Integer.parseInt(m);
        }
        return Optional.of(IpLiteral.format(ia.get()) + "/" + len);
    }

    private Outcome nat(List<String> a) {
        if (a.size() < 3 || !a.get(1).chars().allMatch(Character::isDigit) || a.get(1).length() > 5) {
            return usage("nat needs an instance number and a command");
        }
        int n = Integer.parseInt(a.get(1));
        if (n < 1 || n > 65535) {
            return usage("nat instance must be 1-65535");
        }
        if (a.subList(2, a.size()).equals(List.of("show", "config"))) {
            String c = nat.get(n);
            return c == null ? Outcome.fail(71, "ipfw: nat " + n + " not found\n") : Outcome.ok(c + "\n");
        }
        if (!a.get(2).equals("config")) {
            return usage("nat command '" + a.get(2) + "' is unmodelled");
        }
        Map<String, String> seen = new LinkedHashMap<>();
        int i = 3;
        String iface = null;
        StringBuilder canon = new StringBuilder("ipfw nat " + n + " config");
        while (i < a.size()) {
            String w = a.get(i);
            switch (w) {
                case "if" -> {
                    if (i + 1 >= a.size() || !IFNAME.matcher(a.get(i + 1)).matches() || iface != null) {
                        return usage("nat config: 'if' needs one interface name");
                    }
                    iface = a.get(i + 1);
                    canon.append(" if ").append(iface);
                    i += 2;
                }
                case "redirect_port" -> {
                    if (i + 3 >= a.size()) {
                        return usage("redirect_port needs a protocol, a target and a port");
                    }
                    String proto = a.get(i + 1);
                    if (!proto.equals("tcp") && !proto.equals("udp")) {
                        return usage("redirect_port: unknown protocol " + proto);
                    }
                    String err = checkRedirect(a.get(i + 2), a.get(i + 3));
                    if (err != null) {
                        return usage("redirect_port: " + err);
                    }
                    String key = proto + " " + a.get(i + 3);
                    if (seen.put(key, a.get(i + 2)) != null) {
                        return Outcome.fail(71, "ipfw: redirect_port " + key + " given twice\n");
                    }
                    canon.append(" redirect_port ").append(proto).append(' ').append(a.get(i + 2)).append(' ')
                            .append(a.get(i + 3));
                    i += 4;
                }
                default -> {
                    return usage("nat config: unknown or unmodelled option '" + w + "'");
                }
            }
        }
        if (iface == null) {
            return usage("nat config: 'if IF' is required by this simulation");
        }
        nat.put(n, canon.toString());
        return Outcome.ok("");
    }

    /** Null when {@code target} ({@code ADDR:PORT[-PORT]}) and {@code alias} ({@code [ADDR:]PORT[-PORT]}) fit. */
    private static String checkRedirect(String target, String alias) {
        int c = target.lastIndexOf(':');
        if (c < 0) {
            return "target '" + target + "' needs ADDR:PORT";
        }
        Optional<InetAddress> t = IpLiteral.tryParse(target.substring(0, c));
        if (t.isEmpty() || !(t.get() instanceof Inet4Address)) {
            return "target address '" + target.substring(0, c) + "' is not an IPv4 address";
        }
        int[] tp = ports(target.substring(c + 1));
        String aliasPorts = alias;
        int ac = alias.lastIndexOf(':');
        if (ac >= 0) {
            Optional<InetAddress> al = IpLiteral.tryParse(alias.substring(0, ac));
            if (al.isEmpty() || !(al.get() instanceof Inet4Address)) {
                return "alias address '" + alias.substring(0, ac) + "' is not an IPv4 address";
            }
            aliasPorts = alias.substring(ac + 1);
        }
        int[] ap = ports(aliasPorts);
        if (tp == null || ap == null) {
            return "bad port range in '" + target + " " + alias + "'";
        }
        if (tp[1] - tp[0] != ap[1] - ap[0]) {
            return "port ranges in '" + target + " " + alias + "' differ in length";
        }
        return null;
    }

    private static int[] ports(String s) {
        var m = PORTS.matcher(s);
        if (!m.matches()) {
            return null;
        }
        int a = Integer.parseInt(m.group(1));
        int b = m.group(2) == null ? a : Integer.parseInt(m.group(2));
        if (a < 1 || b > 65535 || b < a) {
            return null;
        }
        return new int[] {a, b};
    }
}
