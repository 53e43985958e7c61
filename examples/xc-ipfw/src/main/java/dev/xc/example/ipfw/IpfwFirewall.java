package dev.xc.example.ipfw;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.IpAssignment;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.net.PortPublish;
import dev.xc.api.net.PortRedirect;
import dev.xc.api.net.Protocol;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.CommandRunner;
import dev.xc.api.spi.Firewall;
import dev.xc.api.spi.ProviderContext;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The ipfw firewall: one ipfw lookup table per network, {@code xc_network_NAME} (ipfw table names take no
 * {@code :}), and published ports as {@code redirect_port} entries of one in-kernel NAT instance per external
 * interface.
 *
 * <p><b>The ipfw syntax used here is unverified</b> (freebsd-facts.md 4.4 is from memory of ipfw(8)), so it keeps to
 * the oldest, plainest forms: {@code ipfw -q table T create type addr}, one {@code ipfw -q table T add ADDR} or
 * {@code delete ADDR} per address, {@code ipfw table T list}, and
 * {@code ipfw -q nat N config if IF redirect_port tcp|udp DEST:PORT[-END] [HOSTADDR:]PORT[-END] ...}. Check it on a
 * FreeBSD host before relying on it.
 *
 * <p>Settings: {@code ipfw} (default {@code /sbin/ipfw}), {@code ext_ifs} (comma-separated; each gets NAT instance
 * {@code ipfw_nat_base + index}), {@code ipfw_nat_base} (default 100). Each instance is reconfigured as a whole on
 * every change, so the set of one interface changes at once; several interfaces change one after the other.
 * libalias NAT is IPv4 only: IPv6 redirects are refused. Every exit status is checked; "already exists" on create
 * and add and "not found" on delete are taken as done, so the operations are idempotent.
 *
 * <p>Thread-safe: commands are serialised on one lock.
 */
final class IpfwFirewall implements Firewall {

    private static final Pattern NETWORK = Pattern.compile("[A-Za-z0-9_.-]{1,52}");

    private final CommandRunner runner;
    private final String ipfw;
    private final List<String> extIfs;
    private final int natBase;
    private final Object lock = new Object();

    IpfwFirewall(ProviderContext context) {
        this.runner = context.host().commands();
        this.ipfw = context.setting("ipfw").orElse("/sbin/ipfw");
        if (!ipfw.startsWith("/")) {
            throw XcException.invalid(ErrorCode.INVALID_CONFIG, "invalid ipfw setting ipfw '" + ipfw
                    + "': it must be an absolute path", "write it like ipfw: /sbin/ipfw");
        }
        List<String> ifs = new ArrayList<>();
        for (String i : context.setting("ext_ifs").orElse("").split(",")) {
            String s = i.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (!IpAssignment.isInterfaceName(s)) {
                throw XcException.invalid(ErrorCode.INVALID_CONFIG, "invalid ext_ifs entry '" + s
                        + "': not an interface name", "list interfaces like ext_ifs: igb0,ixl3");
            }
            ifs.add(s);
        }
        this.extIfs = List.copyOf(ifs);
        String base = context.setting("ipfw_nat_base").orElse("100");
        if (!base.matches("[1-9][0-9]{0,4}") || Integer.parseInt(base) + extIfs.size() > 65535) {
            throw XcException.invalid(ErrorCode.INVALID_CONFIG, "invalid ipfw setting ipfw_nat_base '" + base
                    + "': expected a NAT instance number from 1 to 65535", "write it like ipfw_nat_base: 100");
        }
        this.natBase = Integer.parseInt(base);
    }

    static String tableName(String network) {
        if (!NETWORK.matcher(network).matches()) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "invalid network name '" + network
                    + "' for an ipfw table: use at most 52 letters, digits, '-', '_' or '.'", "name networks like lan0");
        }
        return "xc_network_" + network;
    }

    @Override
    public void addAddresses(String network, List<String> addresses) {
        String table = tableName(network);
        List<String> addrs = hosts(addresses);
        if (addrs.isEmpty()) {
            return;
        }
        synchronized (lock) {
            CommandResult c = runner.run(Command.of(ipfw, "-q", "table", table, "create", "type", "addr"));
            if (!c.ok() && !c.stderrText().contains("already exists")) {
                c.orThrow();
            }
            for (String a : addrs) {
                CommandResult r = runner.run(Command.of(ipfw, "-q", "table", table, "add", a));
                if (!r.ok() && !r.stderrText().contains("already exists")) {
                    r.orThrow();
                }
            }
        }
    }

    @Override
    public void removeAddresses(String network, List<String> addresses) {
        String table = tableName(network);
        synchronized (lock) {
            for (String a : hosts(addresses)) {
                CommandResult r = runner.run(Command.of(ipfw, "-q", "table", table, "delete", a));
                if (!r.ok() && !r.stderrText().contains("not found")) {
                    r.orThrow();
                }
            }
        }
    }

    @Override
    public List<String> addresses(String network) {
        String table = tableName(network);
        synchronized (lock) {
            CommandResult r = runner.run(Command.of(ipfw, "table", table, "list"));
            if (!r.ok() && r.stderrText().contains("not found")) {
                return List.of();
            }
            r.orThrow();
            List<String> out = new ArrayList<>();
            for (String line : r.stdoutLines()) {
                if (line.isBlank() || line.startsWith("---")) {
                    continue;
                }
                String e = line.strip().split("\\s+")[0];
                out.add(e.endsWith("/32") || e.endsWith("/128") ? e.substring(0, e.lastIndexOf('/')) : e);
            }
            return List.copyOf(out);
        }
    }

    @Override
    public void replaceRedirects(List<PortRedirect> rules) {
        List<Command> commands = natCommands(rules);
        synchronized (lock) {
            for (Command c : commands) {
                runner.run(c).orThrow();
            }
        }
    }

    @Override
    public List<String> renderRedirects(List<PortRedirect> rules) {
        return natCommands(rules).stream().map(Command::display).toList();
    }

    /** One {@code nat N config} per external interface, its redirects sorted. */
    private List<Command> natCommands(List<PortRedirect> rules) {
        if (extIfs.isEmpty()) {
            if (rules.isEmpty()) {
                return List.of();
            }
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "cannot redirect ports with ipfw: ext_ifs is empty",
                    "set ext_ifs in xc.conf, e.g. ext_ifs: igb0; each interface gets one NAT instance");
        }
        Map<String, TreeSet<String>> perIf = new TreeMap<>();
        for (String i : extIfs) {
            perIf.put(i, new TreeSet<>());
        }
        for (PortRedirect r : rules) {
            PortPublish p = r.publish();
            List<String> ifs = !r.interfaces().isEmpty() ? r.interfaces()
                    : !p.interfaces().isEmpty() ? p.interfaces() : extIfs;
            InetAddress dest = address(r);
            String span = p.isRange() ? "-" + (p.containerPort() + p.hostPortEnd() - p.hostPort()) : "";
            String hostPorts = p.hostPort() + (p.isRange() ? "-" + p.hostPortEnd() : "");
            List<String> aliases = new ArrayList<>();
            if (p.hostAddresses().isEmpty()) {
                aliases.add(hostPorts);
            }
            for (InetAddress h : p.hostAddresses()) {
                if (!(h instanceof Inet4Address)) {
                    throw bad(r, "host address " + IpLiteral.format(h) + " is IPv6 and ipfw NAT is IPv4 only");
                }
                aliases.add(IpLiteral.format(h) + ":" + hostPorts);
            }
            if (p.containerPort() + p.hostPortEnd() - p.hostPort() > 65535) {
                throw bad(r, "the container port range runs past 65535");
            }
            for (String i : ifs) {
                TreeSet<String> set = perIf.get(i);
                if (set == null) {
                    throw bad(r, "interface " + i + " is not in ext_ifs " + extIfs + ", so it has no NAT instance");
                }
                for (Protocol proto : p.protocols()) {
                    for (String alias : aliases) {
                        set.add(proto.id() + " " + IpLiteral.format(dest) + ":" + p.containerPort() + span + " "
                                + alias);
                    }
                }
            }
        }
        List<Command> out = new ArrayList<>();
        for (int k = 0; k < extIfs.size(); k++) {
            String i = extIfs.get(k);
            List<String> argv = new ArrayList<>(List.of(ipfw, "-q", "nat", String.valueOf(natBase + k), "config",
                    "if", i));
            for (String rp : perIf.get(i)) {
                argv.add("redirect_port");
                argv.addAll(List.of(rp.split(" ")));
            }
            out.add(Command.of(argv));
        }
        return out;
    }

    private static InetAddress address(PortRedirect r) {
        String d = r.destination();
        String lit = d.contains("/") ? d.substring(0, d.indexOf('/')) : d;
        Optional<InetAddress> a = IpLiteral.tryParse(lit);
        if (a.isEmpty()) {
            throw bad(r, "the container address '" + d + "' is not an IP address");
        }
        if (!(a.get() instanceof Inet4Address)) {
            throw bad(r, "the container address " + lit + " is IPv6 and ipfw NAT is IPv4 only");
        }
        return a.get();
    }

    private static List<String> hosts(List<String> addresses) {
        TreeSet<String> out = new TreeSet<>();
        for (String a : addresses) {
            String lit = a.contains("/") ? a.substring(0, a.indexOf('/')) : a;
            Optional<InetAddress> ia = IpLiteral.tryParse(lit);
            if (ia.isEmpty()) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid container address '" + a + "'",
                        "give an address such as 10.0.0.2");
            }
            out.add(IpLiteral.format(ia.get()));
        }
        return List.copyOf(out);
    }

    private static XcException bad(PortRedirect r, String why) {
        return XcException.invalid(ErrorCode.INVALID_ARGUMENT, "cannot redirect port publication '" + r.publish()
                + "' of container " + r.container() + " with ipfw: " + why,
                "publish IPv4 ports on the interfaces of ext_ifs, or use the pf backend");
    }

    @Override
    public String setupInstructions() {
        List<String> ifs = extIfs.isEmpty() ? List.of("em0") : extIfs;
        StringBuilder sb = new StringBuilder(
                "# ipfw: xc keeps one table per network (xc_network_NAME) and one NAT instance per external interface\n");
        sb.append("# load NAT: kldload ipfw_nat (or firewall_nat_enable=YES in rc.conf); then in your ipfw script:\n");
        for (int k = 0; k < ifs.size(); k++) {
            sb.append("ipfw add ").append(100 + k).append(" nat ").append(natBase + k).append(" ip4 from any to any via ")
                    .append(ifs.get(k)).append('\n');
        }
        sb.append("# NAT for a network (here: default): ipfw add 200 nat ").append(natBase)
                .append(" ip4 from table(xc_network_default) to any out via ").append(ifs.getFirst());
        return sb.toString();
    }
}
