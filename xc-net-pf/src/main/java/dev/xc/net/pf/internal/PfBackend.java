package dev.xc.net.pf.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.net.PortRedirect;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.CommandRunner;
import dev.xc.api.spi.Firewall;
import dev.xc.api.spi.ProviderContext;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pf firewall: container addresses in the main-ruleset tables {@code xc:network:NAME}, published ports as
 * {@code rdr} rules in the anchor {@code xc-rdr} (rendered by {@link RdrRenderer}), through pfctl(8)
 * ({@link Pfctl}).
 *
 * <p>Every pfctl exit status is checked (the original xc ignored them): a failure becomes {@code COMMAND_FAILED}
 * naming the command, its status and pfctl's stderr (for an anchor load, each {@code stdin:N:} error is followed by
 * the rule on that line). pf that is not loaded ({@code /dev/pf} missing) is {@code HOST_UNSUPPORTED} with the
 * commands that load it. Adding addresses and loading redirects first ask {@code pfctl -s Running} and fail with
 * {@code HOST_UNSUPPORTED} and how to enable pf when it is disabled (the original skipped the change silently);
 * removing addresses and flushing the anchor do not ask, so teardown works on a host whose pf was disabled since.
 *
 * <p>Addresses may carry a mask (the subnet's, {@code 10.0.0.2/24}); only the address goes into the table, so a
 * table never holds a whole subnet by mistake. Removing from a table that does not exist succeeds.
 *
 * <p>Thread-safe: pfctl calls are serialised on one lock, so two anchor reloads never interleave.
 */
public final class PfBackend implements Firewall {

    static final String TABLE_PREFIX = "xc:network:";
    /** {@code PF_TABLE_NAME_SIZE} is 32 with the NUL (freebsd-facts.md 4.3). */
    static final int MAX_TABLE_NAME = 31;
    private static final Pattern STDIN_LINE = Pattern.compile("(?m)^stdin:(\\d+): (.*)$");
    private static final Comparator<InetAddress> ADDRESS_ORDER = Comparator
            .<InetAddress>comparingInt(a -> a.getAddress().length)
            .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned);

    private final CommandRunner runner;
    private final PfSettings settings;
    private final Pfctl pfctl;
    private final RdrRenderer renderer;
    private final Object lock = new Object();

    public PfBackend(ProviderContext context) {
        this(context.host().commands(), PfSettings.from(context.settings()));
    }

    PfBackend(CommandRunner runner, PfSettings settings) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.settings = settings;
        this.pfctl = new Pfctl(settings.pfctl());
        this.renderer = new RdrRenderer(settings.extIfs(), settings.rdrPass());
    }

    @Override
    public void addAddresses(String network, List<String> addresses) {
        String table = tableName(network);
        List<String> addrs = hostAddresses(table, addresses);
        if (addrs.isEmpty()) {
            return;
        }
        String action = "add " + String.join(" ", addrs) + " to table " + table;
        synchronized (lock) {
            requireEnabled(action);
            check(runner.run(pfctl.tableAdd(table, addrs)), action, "");
        }
    }

    @Override
    public void removeAddresses(String network, List<String> addresses) {
        String table = tableName(network);
        List<String> addrs = hostAddresses(table, addresses);
        if (addrs.isEmpty()) {
            return;
        }
        synchronized (lock) {
            CommandResult r = runner.run(pfctl.tableDelete(table, addrs));
            if (tableMissing(r)) {
                return;
            }
            check(r, "remove " + String.join(" ", addrs) + " from table " + table, "");
        }
    }

    @Override
    public List<String> addresses(String network) {
        String table = tableName(network);
        synchronized (lock) {
            CommandResult r = runner.run(pfctl.tableShow(table));
            if (tableMissing(r)) {
                return List.of();
            }
            check(r, "list table " + table, "");
            List<String> out = new ArrayList<>();
            for (String line : r.stdoutLines()) {
                String s = line.strip();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
            return List.copyOf(out);
        }
    }

    @Override
    public void replaceRedirects(List<PortRedirect> rules) {
        String text = renderer.anchorText(rules);
        String action = rules.isEmpty() ? "flush anchor " + RdrRenderer.ANCHOR
                : "load " + text.lines().count() + " rule(s) into anchor " + RdrRenderer.ANCHOR;
        synchronized (lock) {
            if (!rules.isEmpty()) {
                requireEnabled(action);
            }
            check(runner.run(pfctl.loadAnchor(RdrRenderer.ANCHOR, text)), action, text);
        }
    }

    @Override
    public List<String> renderRedirects(List<PortRedirect> rules) {
        return renderer.rules(rules);
    }

    @Override
    public String setupInstructions() {
        List<String> ifs = settings.extIfs().isEmpty() ? List.of("em0") : settings.extIfs();
        StringBuilder sb = new StringBuilder();
        sb.append("# /etc/pf.conf: xc needs these lines (tables anywhere, translation rules before filter rules)\n");
        if (settings.extIfs().isEmpty()) {
            sb.append("# ext_ifs is not set in xc.conf: replace em0 with your external interface\n");
        }
        sb.append("# per xc network NAME (here: default), a table xc fills and NAT for it:\n");
        sb.append("table <").append(TABLE_PREFIX).append("default> persist\n");
        for (String i : ifs) {
            sb.append("nat on ").append(i).append(" inet from <").append(TABLE_PREFIX).append("default> to any -> (")
                    .append(i).append(")\n");
        }
        sb.append("# published ports (xc run -p, xc rdr add) are loaded into this anchor:\n");
        sb.append("rdr-anchor ").append(RdrRenderer.ANCHOR).append('\n');
        if (!settings.rdrPass()) {
            sb.append("# redirected traffic still meets your filter rules; let it in, e.g.:\n");
            sb.append("# pass in on ").append(ifs.size() == 1 ? ifs.getFirst() : "{ " + String.join(", ", ifs) + " }")
                    .append(" proto { tcp, udp } to <").append(TABLE_PREFIX).append("default>\n");
        }
        sb.append("# then enable pf: sysrc pf_enable=YES && service pf start (after edits: pfctl -f /etc/pf.conf)");
        return sb.toString();
    }

    /** The table of {@code network}: {@code xc:network:NAME}, at most 31 characters. */
    static String tableName(String network) {
        Objects.requireNonNull(network, "network");
        if (network.isEmpty() || network.chars().anyMatch(c -> c <= ' ' || c > '~' || c == '<' || c == '>'
                || c == '"' || c == '/')) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "invalid network name '" + network
                    + "' for a pf table: use letters, digits, '-', '_' or '.'", "name networks like lan0 or default");
        }
        String table = TABLE_PREFIX + network;
        if (table.length() > MAX_TABLE_NAME) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "network name '" + network + "' is too long for pf: "
                            + "its table " + table + " has " + table.length() + " characters and pf allows "
                            + MAX_TABLE_NAME,
                    "use a network name of at most " + (MAX_TABLE_NAME - TABLE_PREFIX.length()) + " characters");
        }
        return table;
    }

    /** The addresses of {@code addresses} without masks, sorted and deduplicated. */
    private static List<String> hostAddresses(String table, List<String> addresses) {
        TreeSet<InetAddress> out = new TreeSet<>(ADDRESS_ORDER);
        for (String a : addresses) {
            Objects.requireNonNull(a, "address");
            int slash = a.indexOf('/');
            String lit = slash < 0 ? a : a.substring(0, slash);
            Optional<InetAddress> ia = IpLiteral.tryParse(lit);
            if (ia.isEmpty() || (slash >= 0 && !RdrRenderer.validMask(a.substring(slash + 1), ia.get()))) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid container address '" + a
                        + "' for table " + table, "give an address such as 10.0.0.2 or dead:beef::2, optionally "
                        + "with its subnet mask (10.0.0.2/24)");
            }
            out.add(ia.get());
        }
        return out.stream().map(IpLiteral::format).toList();
    }

    private static boolean tableMissing(CommandResult r) {
        return r.exitCode() == 255 && r.stderrText().contains("Table does not exist");
    }

    private void requireEnabled(String action) {
        CommandResult r = runner.run(pfctl.running());
        if (r.ok()) {
            return;
        }
        if (r.exitCode() == 1 && r.stdoutText().strip().equals("Disabled")) {
            throw XcException.of(ErrorCode.HOST_UNSUPPORTED,
                    "pf is not enabled on this host ('" + r.command().display() + "' says Disabled), so xc cannot "
                            + action,
                    "enable pf: sysrc pf_enable=YES && service pf start (pfctl -e enables it until the next "
                            + "reboot); xc info lists the pf.conf lines xc needs");
        }
        check(r, "ask whether pf is enabled", "");
    }

    private static void check(CommandResult r, String action, String stdin) {
        if (r.ok()) {
            return;
        }
        Command c = r.command();
        String err = r.stderrText().strip();
        if (err.contains("/dev/pf")) {
            throw XcException.of(ErrorCode.HOST_UNSUPPORTED,
                    "pf is not loaded on this host, so xc cannot " + action + " ('" + c.display() + "' exited with "
                            + "status " + r.exitCode() + ": " + err + ")",
                    "load and enable pf: kldload pf && sysrc pf_enable=YES && service pf start; xc info lists the "
                            + "pf.conf lines xc needs");
        }
        throw XcException.of(ErrorCode.COMMAND_FAILED,
                "pfctl failed to " + action + ": '" + c.display() + "' exited with status " + r.exitCode()
                        + (err.isEmpty() ? "" : ": " + annotate(err, stdin)),
                stdin.isEmpty() ? "the command ran exactly as shown; pfctl's message says what it refused"
                        : "pf loads an anchor as one transaction, so " + RdrRenderer.ANCHOR + " keeps its previous "
                        + "rules; the rule quoted after each error is the one pfctl refused");
    }

    /** pfctl's stderr with the rule text after each {@code stdin:N:} error. */
    static String annotate(String stderr, String stdin) {
        if (stdin.isEmpty()) {
            return stderr;
        }
        List<String> lines = stdin.lines().toList();
        Matcher m = STDIN_LINE.matcher(stderr);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            String rule = n >= 1 && n <= lines.size() ? " (line " + n + ": " + lines.get(n - 1) + ")" : "";
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(0) + rule));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
