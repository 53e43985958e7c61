package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A published port, as {@code xc run -p} and {@code xc rdr add -p} take it:
 * {@code [IF[,IF]...|][HOSTADDR[,HOSTADDR]...:]HOSTPORT[-HOSTPORT_END]:CONTAINERPORT[/tcp|udp[,...]]}.
 *
 * <p>Examples: {@code 8080:80}, {@code 8080:80/udp}, {@code 192.168.1.1:443:80},
 * {@code [dead:beef::]:443:80/tcp}, {@code igb0,ixl3|192.168.2.1,[dead:beef::]:443-643:443/udp,tcp}.
 * With no protocol both tcp and udp are published. With no interface the configured external interfaces
 * ({@code ext_ifs}) are used; with no host address, any address of those interfaces. Unlike the original xc, text
 * after a valid spec is rejected, not ignored. Host addresses follow {@link IpLiteral} (strict dotted quad for IPv4,
 * IPv6 in brackets); {@link #toString()} writes IPv6 in RFC 5952 form and protocols in the order tcp, udp.
 *
 * @param interfaces external interfaces to redirect on; empty means the configured {@code ext_ifs}
 * @param hostAddresses host addresses the redirect matches; empty means any
 * @param hostPort first host port
 * @param hostPortEnd last host port of a range (equal to {@code hostPort} for one port)
 * @param containerPort the port inside the container traffic goes to
 * @param protocols one or both of tcp and udp
 */
public record PortPublish(List<String> interfaces, List<InetAddress> hostAddresses, int hostPort, int hostPortEnd,
                          int containerPort, Set<Protocol> protocols) {

    private static final String SYNTAX =
            "write it as [IF[,IF]|][HOSTADDR[,HOSTADDR]:]HOSTPORT[-END]:CONTAINERPORT[/tcp|udp], e.g. 8080:80/tcp";

    public PortPublish {
        interfaces = List.copyOf(interfaces);
        hostAddresses = List.copyOf(hostAddresses);
        Objects.requireNonNull(protocols, "protocols");
        if (protocols.isEmpty()) {
            throw bad(String.valueOf(hostPort), "at least one protocol is needed");
        }
        // EnumSet keeps tcp before udp, so the order is the same on every run (Set.copyOf's is not)
        protocols = Collections.unmodifiableSet(EnumSet.copyOf(protocols));
        for (String i : interfaces) {
            if (!IpAssignment.isInterfaceName(i)) {
                throw bad(i, "'" + i + "' is not an interface name");
            }
        }
        for (InetAddress a : hostAddresses) {
            Objects.requireNonNull(a, "hostAddresses");
        }
        checkPort(hostPort, "host port");
        checkPort(hostPortEnd, "host port range end");
        checkPort(containerPort, "container port");
        if (hostPortEnd < hostPort) {
            throw bad(hostPort + "-" + hostPortEnd, "the range end " + hostPortEnd + " is below its start " + hostPort);
        }
    }

    /** One host port to one container port, both protocols, on the default interfaces. */
    public static PortPublish of(int hostPort, int containerPort) {
        return new PortPublish(List.of(), List.of(), hostPort, hostPort, containerPort,
                EnumSet.allOf(Protocol.class));
    }

    /** Parses the {@code -p} syntax described on the class. */
    public static PortPublish parse(String text) {
        Objects.requireNonNull(text, "text");
        String rest = text;
        Set<Protocol> protocols = EnumSet.noneOf(Protocol.class);
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            String protos = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            for (String p : protos.split(",", -1)) {
                try {
                    protocols.add(Protocol.parse(p));
                } catch (XcException e) {
                    throw bad(text, "unknown protocol '" + p + "' (use tcp or udp)");
                }
            }
        } else {
            protocols.addAll(EnumSet.allOf(Protocol.class));
        }
        List<String> ifaces = new ArrayList<>();
        int bar = rest.indexOf('|');
        if (bar >= 0) {
            String list = rest.substring(0, bar);
            rest = rest.substring(bar + 1);
            for (String i : list.split(",", -1)) {
                if (!IpAssignment.isInterfaceName(i)) {
                    throw bad(text, "'" + i + "' is not an interface name");
                }
                ifaces.add(i);
            }
        }
        // the last ':' separates the container port; the one before it the host port (IPv6 sits in brackets)
        int c2 = rest.lastIndexOf(':');
        if (c2 < 0) {
            throw bad(text, "a host port and a container port are needed");
        }
        int containerPort = port(text, rest.substring(c2 + 1), "container port");
        String left = rest.substring(0, c2);
        int c1 = lastColonOutsideBrackets(left);
        String hostPorts = c1 < 0 ? left : left.substring(c1 + 1);
        List<InetAddress> addrs = new ArrayList<>();
        if (c1 >= 0) {
            String addrList = left.substring(0, c1);
            for (String a : splitOutsideBrackets(addrList)) {
                addrs.add(address(text, a));
            }
        }
        int dash = hostPorts.indexOf('-');
        int start = port(text, dash < 0 ? hostPorts : hostPorts.substring(0, dash), "host port");
        int end = dash < 0 ? start : port(text, hostPorts.substring(dash + 1), "host port range end");
        if (end < start) {
            throw bad(text, "the range end " + end + " is below its start " + start);
        }
        return new PortPublish(ifaces, addrs, start, end, containerPort, protocols);
    }

    /** Whether this publishes a range of host ports. */
    public boolean isRange() {
        return hostPortEnd != hostPort;
    }

    /** Whether this and {@code other} claim a common host port and protocol on a common address. */
    public boolean overlaps(PortPublish other) {
        boolean portsMeet = hostPort <= other.hostPortEnd && other.hostPort <= hostPortEnd;
        boolean protoMeet = protocols.stream().anyMatch(other.protocols::contains);
        boolean addrMeet = hostAddresses.isEmpty() || other.hostAddresses.isEmpty()
                || hostAddresses.stream().anyMatch(other.hostAddresses::contains);
        boolean ifMeet = interfaces.isEmpty() || other.interfaces.isEmpty()
                || interfaces.stream().anyMatch(other.interfaces::contains);
        return portsMeet && protoMeet && addrMeet && ifMeet;
    }

    /** The canonical {@code -p} text; {@link #parse} reads it back equal. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (!interfaces.isEmpty()) {
            sb.append(String.join(",", interfaces)).append('|');
        }
        if (!hostAddresses.isEmpty()) {
            List<String> a = new ArrayList<>();
            for (InetAddress ia : hostAddresses) {
                a.add(IpLiteral.formatBracketed(ia));
            }
            sb.append(String.join(",", a)).append(':');
        }
        sb.append(hostPort);
        if (isRange()) {
            sb.append('-').append(hostPortEnd);
        }
        sb.append(':').append(containerPort);
        if (protocols.size() == 1) {
            sb.append('/').append(protocols.iterator().next().id());
        }
        return sb.toString();
    }

    private static int lastColonOutsideBrackets(String s) {
        int depth = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == ']') depth++;
            else if (c == '[') depth--;
            else if (c == ':' && depth == 0) return i;
        }
        return -1;
    }

    private static List<String> splitOutsideBrackets(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (c == ',' && depth == 0) {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        out.add(s.substring(from));
        return out;
    }

    private static InetAddress address(String text, String a) {
        String lit = a;
        if (a.startsWith("[") && a.endsWith("]")) {
            lit = a.substring(1, a.length() - 1);
            if (!lit.contains(":")) {
                throw bad(text, "'" + a + "': brackets are for IPv6 addresses only");
            }
        } else if (a.contains(":")) {
            throw bad(text, "IPv6 address '" + a + "' must be written in brackets, e.g. [" + a + "]");
        }
        return IpLiteral.parse(lit, why -> bad(text, why));
    }

    private static int port(String text, String s, String what) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw bad(text, what + " '" + s + "' is not a number from 1 to 65535");
        }
        int p = Integer.parseInt(s);
        if (p < 1 || p > 65535) {
            throw bad(text, what + " " + p + " is outside 1-65535");
        }
        return p;
    }

    private static void checkPort(int p, String what) {
        if (p < 1 || p > 65535) {
            throw bad(String.valueOf(p), what + " " + p + " is outside 1-65535");
        }
    }

    private static XcException bad(String text, String why) {
        return XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid port publication '" + text + "': " + why, SYNTAX);
    }
}
