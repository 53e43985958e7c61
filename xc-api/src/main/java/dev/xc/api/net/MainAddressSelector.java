package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Which of a container's addresses is its main address: the one published ports redirect to and
 * {@code XC_MAIN_IP} names. Syntax of {@code --main-address}: {@code network/NAME} (the first address in that
 * network) or {@code ipaddr/ADDRESS} (the assignment holding that address; IPv6 bare or in brackets). Without a
 * selector the first address of the first managed network is used. {@link #toString()} writes the same syntax
 * ({@code ipaddr/}, not the original's {@code ipadd/}, which could not be read back).
 */
public sealed interface MainAddressSelector permits MainAddressSelector.ByNetwork, MainAddressSelector.ByAddress {

    /** The first address allocated in network {@code name}. */
    record ByNetwork(String name) implements MainAddressSelector {
        public ByNetwork {
            NetworkSpec.checkName(name);
        }

        @Override
        public String toString() {
            return "network/" + name;
        }
    }

    /** The assignment holding {@code address}. */
    record ByAddress(InetAddress address) implements MainAddressSelector {
        public ByAddress {
            Objects.requireNonNull(address, "address");
            Cidr.host(address); // rejects scoped addresses
        }

        @Override
        public String toString() {
            return "ipaddr/" + IpLiteral.format(address);
        }
    }

    /** Parses {@code network/NAME} or {@code ipaddr/ADDRESS}. */
    static MainAddressSelector parse(String text) {
        Objects.requireNonNull(text, "text");
        String hint = "write network/NAME or ipaddr/ADDRESS, e.g. network/default or ipaddr/172.17.0.2";
        if (text.startsWith("network/")) {
            String name = text.substring("network/".length());
            try {
                return new ByNetwork(name);
            } catch (XcException e) {
                throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid main address selector '" + text
                        + "': '" + name + "' is not a network name", hint);
            }
        }
        if (text.startsWith("ipaddr/")) {
            String a = text.substring("ipaddr/".length());
            String lit = a.startsWith("[") && a.endsWith("]") && a.indexOf(':') > 0 ? a.substring(1, a.length() - 1)
                    : a;
            return new ByAddress(IpLiteral.parse(lit, why -> XcException.invalid(ErrorCode.INVALID_SYNTAX,
                    "invalid main address selector '" + text + "': " + why, hint)));
        }
        int slash = text.indexOf('/');
        String kind = slash < 0 ? text : text.substring(0, slash);
        throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid main address selector '" + text
                + "': unknown kind '" + kind + "' (use network or ipaddr)", hint);
    }
}
