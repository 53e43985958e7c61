package dev.xc.testkit.pf;

import dev.xc.api.net.IpLiteral;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One translation rule ({@code nat} or {@code rdr}) as the simulated pfctl holds it after loading: lists written in
 * braces are already expanded, so each value is one interface, one protocol, one match address and one target, the
 * way the kernel stores rules. {@link #toString()} prints it the way {@code pfctl -s nat} does: a single match port as
 * {@code port = N}, a range as {@code port A:B}, a target range with its upper end computed.
 *
 * @param action {@code rdr} or {@code nat}
 * @param no whether the rule is a {@code no rdr}/{@code no nat} exception
 * @param pass whether {@code pass} was given (translated packets skip the filter rules)
 * @param iface the interface, or empty for every interface
 * @param inet6 whether the rule is for IPv6 ({@code inet6}) rather than IPv4
 * @param protocol the protocol name, or empty for any
 * @param from the source host as pf prints it ({@code any}, an address, {@code <table>}, {@code (if)})
 * @param to the destination host as pf prints it
 * @param toPortLow first destination port, 0 for no port
 * @param toPortHigh last destination port (equal to {@code toPortLow} for one port)
 * @param target where matched packets go ({@code 10.0.0.2}, {@code (em0)}); empty for a {@code no} rule
 * @param targetPortLow first target port, 0 when the original port is kept
 * @param targetPortHigh last target port
 */
public record PfRule(String action, boolean no, boolean pass, Optional<String> iface, boolean inet6,
                     Optional<String> protocol, String from, String to, int toPortLow, int toPortHigh,
                     Optional<String> target, int targetPortLow, int targetPortHigh) {

    public PfRule {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(target, "target");
    }

    /** The text of {@code address} as pf prints a host (IPv6 compressed, no brackets). */
    static String host(InetAddress address) {
        return IpLiteral.format(address);
    }

    static boolean isV6(InetAddress address) {
        return address instanceof Inet6Address;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (no) {
            sb.append("no ");
        }
        sb.append(action);
        if (pass) {
            sb.append(" pass");
        }
        iface.ifPresent(i -> sb.append(" on ").append(i));
        sb.append(inet6 ? " inet6" : " inet");
        protocol.ifPresent(p -> sb.append(" proto ").append(p));
        if (from.equals("any") && to.equals("any") && toPortLow == 0) {
            sb.append(" all");
        } else {
            sb.append(" from ").append(from).append(" to ").append(to);
            if (toPortLow != 0) {
                sb.append(toPortHigh == toPortLow ? " port = " + toPortLow : " port " + toPortLow + ":" + toPortHigh);
            }
        }
        target.ifPresent(t -> {
            sb.append(" -> ").append(t);
            if (targetPortLow != 0) {
                sb.append(" port ").append(targetPortLow);
                if (targetPortHigh != targetPortLow) {
                    sb.append(':').append(targetPortHigh);
                }
            }
        });
        return sb.toString();
    }

    /** Convenience for tests: the rules as {@code pfctl -s nat} lines. */
    public static List<String> lines(List<PfRule> rules) {
        return rules.stream().map(PfRule::toString).toList();
    }
}
