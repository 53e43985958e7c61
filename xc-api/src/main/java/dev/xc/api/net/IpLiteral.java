package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Strict parsing and canonical rendering of IP address literals, shared by every network syntax of the API.
 *
 * <p>Accepted: IPv4 in dotted-quad form with decimal parts 0-255 and no leading zeros ({@code 192.168.1.7}; the
 * BSD short forms {@code 127.1} and octal-looking parts such as {@code 010.0.0.1} are refused because tools disagree
 * on what they mean), and IPv6 in any RFC 4291 text form ({@code dead:beef::1}, {@code ::1}, {@code 64:ff9b::1.2.3.4})
 * without a zone ({@code %em0}). IPv4-mapped IPv6 addresses ({@code ::ffff:1.2.3.4}) are refused: write the IPv4
 * address. Rendering follows RFC 5952 for IPv6 (lower case, longest zero run compressed) and dotted quad for IPv4, so
 * {@code format(parse(x))} is the canonical text of {@code x}.
 *
 * <p>Stateless and thread-safe.
 */
public final class IpLiteral {

    private static final String PART = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(PART + "(?:\\." + PART + "){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpLiteral() {
    }

    /**
     * Parses one address literal (no brackets, no mask).
     *
     * @throws XcException {@link ErrorCode#INVALID_SYNTAX} naming the text when it is not an address
     */
    public static InetAddress parse(String text) {
        return parse(text, why -> XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid IP address: " + why,
                "write an IPv4 address like 192.168.1.7 or an IPv6 address like dead:beef::1"));
    }

    /** The address {@code text} denotes, or empty when it is not a literal this class accepts. */
    public static Optional<InetAddress> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (XcException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses {@code text}; on failure calls {@code fail} with a reason that quotes the text and returns what it
     * throws.
     */
    static InetAddress parse(String text, Function<String, XcException> fail) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw fail.apply("an empty string is not an IP address");
        }
        if (text.indexOf(':') < 0) {
            if (!IPV4.matcher(text).matches()) {
                throw fail.apply("'" + text + "' is not an IPv4 address (four decimal parts 0-255 without "
                        + "leading zeros, e.g. 192.168.1.7)");
            }
            return InetAddress.ofLiteral(text);
        }
        if (!IPV6_CHARS.matcher(text).matches()) {
            throw fail.apply("'" + text + "' is not an IPv6 address (hex groups separated by ':', no zone)");
        }
        InetAddress a;
        try {
            a = InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw fail.apply("'" + text + "' is not an IPv6 address");
        }
        if (a instanceof Inet4Address) {
            throw fail.apply("'" + text + "' is an IPv4-mapped IPv6 address; write the IPv4 address "
                    + a.getHostAddress() + " instead");
        }
        int dot = text.indexOf('.');
        if (dot >= 0) {
            // an embedded IPv4 tail must itself be a strict dotted quad
            String tail = text.substring(text.lastIndexOf(':') + 1);
            if (!IPV4.matcher(tail).matches()) {
                throw fail.apply("'" + text + "' has an invalid embedded IPv4 part '" + tail + "'");
            }
        }
        return a;
    }

    /** The canonical text of {@code address}: dotted quad, or RFC 5952 IPv6 without brackets. */
    public static String format(InetAddress address) {
        Objects.requireNonNull(address, "address");
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** {@link #format} with IPv6 addresses in brackets, as host:port syntaxes write them. */
    public static String formatBracketed(InetAddress address) {
        return address instanceof Inet6Address ? "[" + format(address) + "]" : format(address);
    }

    /** Whether {@code address} is IPv6. */
    public static boolean isIpv6(InetAddress address) {
        return address instanceof Inet6Address;
    }
}
