package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An unmanaged address assignment, as {@code xc run --ip} takes it: {@code IFACE[|CIDR[,CIDR]...]}.
 *
 * <p>Examples: {@code igb0|192.168.8.7/24,192.168.8.8/24}, {@code lo0}, {@code em0|[dead:beef::1]/120},
 * {@code em0|dead:beef::1/120,10.0.0.2}. The interface name is {@code [A-Za-z][A-Za-z0-9_.]*} and at most
 * {@value #MAX_INTERFACE_LENGTH} characters (FreeBSD's IFNAMSIZ). Each address follows {@link Cidr} (no mask means
 * /32 or /128). Without {@code --vnet} the addresses are aliased on the host interface; with {@code --vnet} the
 * interface itself moves into the container, and the address list may be empty. {@link #toString()} writes IPv6
 * without brackets. Text after a valid spec is rejected (the original xc ignored it).
 *
 * @param iface the interface name
 * @param addresses the addresses, in order
 */
public record IpAssignment(String iface, List<Cidr> addresses) {

    /** FreeBSD interface names are at most 15 characters (IFNAMSIZ 16 with the NUL). */
    public static final int MAX_INTERFACE_LENGTH = 15;

    private static final Pattern IFACE = Pattern.compile("[A-Za-z][A-Za-z0-9_.]*");
    private static final String SYNTAX = "write IFACE or IFACE|CIDR[,CIDR], e.g. igb0|192.168.8.7/24";

    public IpAssignment {
        checkInterface(iface, "interface");
        addresses = List.copyOf(addresses);
    }

    /** The implicit loopback of a VNET container: {@code lo0|127.0.0.1/8,::1/128}. */
    public static IpAssignment loopback() {
        return parse("lo0|127.0.0.1/8,::1/128");
    }

    /** Parses the syntax described on the class. */
    public static IpAssignment parse(String text) {
        Objects.requireNonNull(text, "text");
        int bar = text.indexOf('|');
        String iface = bar < 0 ? text : text.substring(0, bar);
        if (!isInterfaceName(iface)) {
            throw bad(text, "'" + iface + "' is not an interface name (a letter, then letters, digits, '_' or '.', "
                    + "at most " + MAX_INTERFACE_LENGTH + " characters)");
        }
        List<Cidr> out = new ArrayList<>();
        if (bar >= 0) {
            String list = text.substring(bar + 1);
            if (list.isEmpty()) {
                throw bad(text, "an address is needed after '|'");
            }
            for (String c : list.split(",", -1)) {
                if (c.isEmpty()) {
                    throw bad(text, "empty address in the list");
                }
                try {
                    out.add(Cidr.parse(c));
                } catch (XcException e) {
                    throw bad(text, "'" + c + "' is not an address with an optional mask");
                }
            }
        }
        return new IpAssignment(iface, out);
    }

    /** Whether {@code name} is a valid interface name. */
    public static boolean isInterfaceName(String name) {
        return name.length() <= MAX_INTERFACE_LENGTH && IFACE.matcher(name).matches();
    }

    static void checkInterface(String name, String what) {
        Objects.requireNonNull(name, what);
        if (!isInterfaceName(name)) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "invalid " + what + " name '" + name
                    + "': use a letter, then letters, digits, '_' or '.', at most " + MAX_INTERFACE_LENGTH
                    + " characters", "name an interface as ifconfig -l lists it, e.g. igb0");
        }
    }

    @Override
    public String toString() {
        if (addresses.isEmpty()) {
            return iface;
        }
        List<String> a = new ArrayList<>();
        for (Cidr c : addresses) {
            a.add(c.toString());
        }
        return iface + "|" + String.join(",", a);
    }

    private static XcException bad(String text, String why) {
        return XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid IP assignment '" + text + "': " + why, SYNTAX);
    }
}
