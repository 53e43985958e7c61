package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.Protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * A port or port range an image says it listens on, the key of the {@code ports} map of an xc image config and of
 * an OCI config's {@code ExposedPorts}: {@code PORT[-PORT][/tcp|udp]}.
 *
 * <p>Examples: {@code 80}, {@code 80/tcp}, {@code 8000-8010}, {@code 53/udp}. Ports are 1 to 65535 and a range
 * end is not below its start; with no protocol both apply. The protocol is read in any case and written in lower
 * case. Unlike the original xc, which read only a leading port, {@code 80/sctp} and {@code 80abc} are errors.
 * Exposing a port is informational: it is what {@code xc image describe} lists, not a publication.
 *
 * @param port the first port
 * @param endPort the last port of a range; equal to {@code port} for a single port
 * @param protocol tcp or udp; empty for both
 */
public record ExposedPort(int port, int endPort, Optional<Protocol> protocol) {

    private static final String SYNTAX = "write it as PORT[-PORT][/tcp|udp], e.g. 80/tcp or 8000-8010";

    public ExposedPort {
        Objects.requireNonNull(protocol, "protocol");
        String text = port + "-" + endPort;
        checkPort(text, port, "port");
        checkPort(text, endPort, "range end");
        if (endPort < port) {
            throw bad(text, "the range end " + endPort + " is below its start " + port);
        }
    }

    /** One port, both protocols. */
    public static ExposedPort of(int port) {
        return new ExposedPort(port, port, Optional.empty());
    }

    /** One port for {@code protocol}. */
    public static ExposedPort of(int port, Protocol protocol) {
        return new ExposedPort(port, port, Optional.of(protocol));
    }

    /**
     * Parses {@code PORT[-PORT][/tcp|udp]}.
     *
     * @throws XcException {@link ErrorCode#INVALID_SYNTAX} naming the bad part
     */
    public static ExposedPort parse(String text) {
        Objects.requireNonNull(text, "text");
        String ports = text;
        Optional<Protocol> protocol = Optional.empty();
        int slash = text.indexOf('/');
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            ports = text.substring(0, slash);
            try {
                protocol = Optional.of(Protocol.parse(p));
            } catch (XcException e) {
                throw bad(text, "unknown protocol '" + p + "' (use tcp or udp)");
            }
        }
        int dash = ports.indexOf('-');
        int start = number(text, dash < 0 ? ports : ports.substring(0, dash), "port");
        int end = dash < 0 ? start : number(text, ports.substring(dash + 1), "range end");
        if (end < start) {
            throw bad(text, "the range end " + end + " is below its start " + start);
        }
        return new ExposedPort(start, end, protocol);
    }

    /** Whether this covers more than one port. */
    public boolean isRange() {
        return endPort != port;
    }

    /** Whether {@code p} lies in this port or range (for any protocol this exposes). */
    public boolean contains(int p) {
        return p >= port && p <= endPort;
    }

    /** The canonical text, {@code PORT[-PORT][/tcp|udp]}; {@link #parse} reads it back equal. */
    @Override
    public String toString() {
        return port + (isRange() ? "-" + endPort : "") + protocol.map(p -> "/" + p.id()).orElse("");
    }

    private static int number(String text, String s, String what) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(text, what + " '" + s + "' is not a number from 1 to 65535");
        }
        int p = Integer.parseInt(s);
        checkPort(text, p, what);
        return p;
    }

    private static void checkPort(String text, int p, String what) {
        if (p < 1 || p > 65535) {
            throw bad(text, what + " " + p + " is outside 1-65535");
        }
    }

    private static XcException bad(String text, String why) {
        return XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid exposed port '" + text + "': " + why, SYNTAX);
    }
}
