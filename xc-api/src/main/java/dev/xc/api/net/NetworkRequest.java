package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A request for an address in a managed network, as {@code xc run --network} takes it: {@code NAME} (any free
 * address) or {@code NAME|ADDRESS} (that address).
 *
 * <p>Examples: {@code example}, {@code example|172.17.0.200}, {@code v6net|dead:beef::20}. An explicit address needs
 * no mask: it gets the network's prefix. (The original xc rejected {@code example|172.17.0.200} because it compared
 * the address with an implicit /32 mask; that was a bug.) For compatibility with scripts written for it a mask is
 * still accepted ({@code example|172.17.0.200/24}) but not kept: the network's own prefix applies. IPv6 addresses may
 * be written in brackets. {@link #toString()} writes {@code NAME} or {@code NAME|ADDRESS} without brackets or mask.
 *
 * @param network the network name ({@link NetworkSpec#checkName})
 * @param address the requested address; empty for any free address
 */
public record NetworkRequest(String network, Optional<InetAddress> address) {

    private static final String SYNTAX = "write NETWORK or NETWORK|ADDRESS, e.g. example|172.17.0.200";

    public NetworkRequest {
        NetworkSpec.checkName(network);
        Objects.requireNonNull(address, "address");
    }

    /** Any free address of {@code network}. */
    public static NetworkRequest any(String network) {
        return new NetworkRequest(network, Optional.empty());
    }

    /** The given address of {@code network}. */
    public static NetworkRequest explicit(String network, InetAddress address) {
        return new NetworkRequest(network, Optional.of(address));
    }

    /** Parses the syntax described on the class. */
    public static NetworkRequest parse(String text) {
        Objects.requireNonNull(text, "text");
        int bar = text.indexOf('|');
        String name = bar < 0 ? text : text.substring(0, bar);
        try {
            NetworkSpec.checkName(name);
        } catch (XcException e) {
            throw bad(text, "'" + name + "' is not a network name (a letter, then letters, digits, '_', '.' or '-',"
                    + " at most " + NetworkSpec.MAX_NAME_LENGTH + " characters)");
        }
        if (bar < 0) {
            return any(name);
        }
        String addr = text.substring(bar + 1);
        if (addr.isEmpty()) {
            throw bad(text, "an address is needed after '|'");
        }
        Cidr c;
        try {
            c = Cidr.parse(addr);
        } catch (XcException e) {
            throw bad(text, "'" + addr + "' is not an IP address");
        }
        return explicit(name, c.address());
    }

    /** Whether a specific address was asked for. */
    public boolean isExplicit() {
        return address.isPresent();
    }

    @Override
    public String toString() {
        return address.map(a -> network + "|" + IpLiteral.format(a)).orElse(network);
    }

    private static XcException bad(String text, String why) {
        return XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid network request '" + text + "': " + why,
                SYNTAX);
    }
}
