package dev.xc.net.pf.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.net.PortPublish;
import dev.xc.api.net.PortRedirect;
import dev.xc.api.net.Protocol;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns port redirects into the rules of pf's {@code xc-rdr} anchor. Pure: no host, no state, so the same redirects
 * always give the same text, whatever order they come in.
 *
 * <p>One {@link PortRedirect} gives one line (pf expands the lists itself):
 * <pre>{@code
 * rdr [pass] on IF|{ IF, IF } inet|inet6 proto tcp|udp|{ tcp, udp } from any to any|ADDR|{ ADDR, ADDR } port P|A:B -> DEST port C|C:*
 * }</pre>
 * for example {@code -p 8080:80} for a container at 10.0.0.2 with {@code ext_ifs: em0} gives
 * {@code rdr on em0 inet proto { tcp, udp } from any to any port 8080 -> 10.0.0.2 port 80}, and a range
 * {@code 443-643:443} gives {@code ... port 443:643 -> 10.0.0.2 port 443:*} (pf computes the end of the target range
 * from the length of the match range, freebsd-facts.md 4.2). Interfaces come from the redirect, else from its
 * publication ({@code -p igb0|...}), else from {@code ext_ifs}; interfaces, protocols and host addresses are sorted and deduplicated; the family ({@code inet} or
 * {@code inet6}) is the destination's.
 *
 * <p>Differences from the original xc (xc-reference.md 7.4), which wrote
 * {@code rdr on {IF} proto {tcp,udp} from any to {ADDR/32} port P -> DEST/32 port C}: the address family is named
 * (pf needs it to match a target of the right family), hosts and the destination are written without a mask, a
 * single element is written without braces, a range is redirected to a range ({@code C:*}) instead of every port of
 * the range to one port, and rules are sorted. Input pf would refuse is refused here, before pfctl runs:
 * no interface at all, a host address of the other family than the destination, a target range running past 65535.
 *
 * <p>Rules are sorted by container id, then host port, then text; identical lines are written once.
 *
 * <p>Immutable and thread-safe.
 */
public final class RdrRenderer {

    /** The anchor xc loads its redirects into; administrators hook it with {@code rdr-anchor "xc-rdr"}. */
    public static final String ANCHOR = "xc-rdr";

    private static final Comparator<InetAddress> ADDRESS_ORDER = Comparator
            .<InetAddress>comparingInt(a -> a.getAddress().length)
            .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned);

    private final List<String> defaultInterfaces;
    private final boolean pass;

    /**
     * @param defaultInterfaces the interfaces ({@code ext_ifs}) for redirects that name none
     * @param pass whether to write {@code rdr pass}
     */
    public RdrRenderer(List<String> defaultInterfaces, boolean pass) {
        this.defaultInterfaces = List.copyOf(defaultInterfaces);
        this.pass = pass;
    }

    /** A rule with what it sorts by. */
    private record Line(String container, int hostPort, String text) {
    }

    /**
     * The rules for {@code redirects}, sorted, one per element, without line ends.
     *
     * @throws XcException {@link ErrorCode#INVALID_ARGUMENT} naming the container and the publication when a
     *         redirect cannot be written as a pf rule
     */
    public List<String> rules(List<PortRedirect> redirects) {
        List<Line> lines = new ArrayList<>();
        for (PortRedirect r : redirects) {
            Objects.requireNonNull(r, "redirect");
            lines.add(new Line(r.container(), r.publish().hostPort(), rule(r)));
        }
        lines.sort(Comparator.comparing(Line::container).thenComparingInt(Line::hostPort)
                .thenComparing(Line::text));
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (Line l : lines) {
            out.add(l.text());
        }
        return List.copyOf(out);
    }

    /** The anchor text for {@code redirects}: {@link #rules} each followed by a newline; empty for no redirects. */
    public String anchorText(List<PortRedirect> redirects) {
        StringBuilder sb = new StringBuilder();
        for (String r : rules(redirects)) {
            sb.append(r).append('\n');
        }
        return sb.toString();
    }

    private String rule(PortRedirect r) {
        PortPublish p = r.publish();
        InetAddress dest = destination(r);
        boolean v6 = IpLiteral.isIpv6(dest);
        List<String> ifaces = !r.interfaces().isEmpty() ? r.interfaces()
                : !p.interfaces().isEmpty() ? p.interfaces() : defaultInterfaces;
        if (ifaces.isEmpty()) {
            throw bad(r, "it names no interface and ext_ifs is empty",
                    "set ext_ifs in xc.conf (e.g. ext_ifs: igb0) or publish on an interface: -p igb0|" + p);
        }
        TreeSet<InetAddress> hosts = new TreeSet<>(ADDRESS_ORDER);
        for (InetAddress h : p.hostAddresses()) {
            if (IpLiteral.isIpv6(h) != v6) {
                throw bad(r, "host address " + IpLiteral.format(h) + " is " + family(h)
                                + " but the container address " + IpLiteral.format(dest) + " is " + family(dest),
                        "publish on " + family(dest) + " host addresses only, or give the container an "
                                + family(h) + " address");
            }
            hosts.add(h);
        }
        int span = p.hostPortEnd() - p.hostPort();
        if (p.containerPort() + span > 65535) {
            throw bad(r, "the container ports " + p.containerPort() + "-" + (p.containerPort() + span)
                            + " run past 65535",
                    "start the container range lower, so that it has " + (span + 1) + " ports up to 65535 at most");
        }
        StringBuilder sb = new StringBuilder("rdr");
        if (pass) {
            sb.append(" pass");
        }
        sb.append(" on ").append(list(new TreeSet<>(ifaces).stream().toList()));
        sb.append(v6 ? " inet6" : " inet");
        sb.append(" proto ").append(list(p.protocols().stream().map(Protocol::id).toList()));
        sb.append(" from any to ")
                .append(hosts.isEmpty() ? "any" : list(hosts.stream().map(IpLiteral::format).toList()));
        sb.append(" port ").append(p.hostPort());
        if (p.isRange()) {
            sb.append(':').append(p.hostPortEnd());
        }
        sb.append(" -> ").append(IpLiteral.format(dest)).append(" port ").append(p.containerPort());
        if (p.isRange()) {
            sb.append(":*");
        }
        return sb.toString();
    }

    private static String list(List<String> items) {
        return items.size() == 1 ? items.getFirst() : "{ " + String.join(", ", items) + " }";
    }

    private static String family(InetAddress a) {
        return IpLiteral.isIpv6(a) ? "IPv6" : "IPv4";
    }

    /** The destination address; a mask after it (the subnet's) is dropped. */
    static InetAddress destination(PortRedirect r) {
        String d = r.destination();
        int slash = d.indexOf('/');
        String addr = slash < 0 ? d : d.substring(0, slash);
        Optional<InetAddress> a = IpLiteral.tryParse(addr);
        if (a.isEmpty() || (slash >= 0 && !validMask(d.substring(slash + 1), a.get()))) {
            throw bad(r, "the container address '" + d + "' is not an IP address",
                    "redirect to the container's address, e.g. 10.0.0.2");
        }
        return a.get();
    }

    static boolean validMask(String m, InetAddress a) {
        return !m.isEmpty() && m.length() <= 3 && m.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(m) <= a.getAddress().length * 8;
    }

    private static XcException bad(PortRedirect r, String why, String hint) {
        return XcException.invalid(ErrorCode.INVALID_ARGUMENT, "cannot redirect port publication '" + r.publish()
                + "' of container " + r.container() + ": " + why, hint);
    }
}
