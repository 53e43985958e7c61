package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a container's {@code /etc/resolv.conf} gets.
 * <ul>
 *   <li>{@link Inherit}: a copy of the host's {@code /etc/resolv.conf} (the default of {@code xc run}).</li>
 *   <li>{@link Nop}: the file is left as the image has it ({@code --dns-nop}; the default of {@code xc create}).</li>
 *   <li>{@link Specified}: written from {@code --dns} servers and {@code --dns-search} domains; {@code --empty-dns}
 *       gives an empty list of both.</li>
 * </ul>
 * {@link #fromFlags} turns the CLI flags into a setting and refuses contradictory combinations.
 */
public sealed interface DnsSetting permits DnsSetting.Inherit, DnsSetting.Nop, DnsSetting.Specified {

    /** Copy the host's resolv.conf. */
    record Inherit() implements DnsSetting {
    }

    /** Leave the container's resolv.conf alone. */
    record Nop() implements DnsSetting {
    }

    /**
     * Write resolv.conf from these servers and search domains (either list may be empty).
     *
     * @param servers name servers in order (the resolver uses the first three)
     * @param searchDomains search domains in order
     */
    record Specified(List<InetAddress> servers, List<String> searchDomains) implements DnsSetting {
        public Specified {
            servers = List.copyOf(servers);
            searchDomains = List.copyOf(searchDomains);
            for (String d : searchDomains) {
                if (!DomainName.isValid(d)) {
                    throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid DNS search domain '" + d
                            + "': not a domain name", "write a domain like example.org");
                }
            }
        }

        /**
         * The resolv.conf text: one {@code search} line with every domain (not {@code domain} lines, of which the
         * resolver keeps only the last: a bug of the original xc), then one {@code nameserver} line per server.
         * Empty lists give an empty file.
         */
        public String resolvConf() {
            StringBuilder sb = new StringBuilder();
            if (!searchDomains.isEmpty()) {
                sb.append("search ").append(String.join(" ", searchDomains)).append('\n');
            }
            for (InetAddress s : servers) {
                sb.append("nameserver ").append(IpLiteral.format(s)).append('\n');
            }
            return sb.toString();
        }
    }

    /** The default of {@code xc run}. */
    static DnsSetting inherit() {
        return new Inherit();
    }

    /** The default of {@code xc create}. */
    static DnsSetting nop() {
        return new Nop();
    }

    /** {@code --empty-dns}. */
    static DnsSetting empty() {
        return new Specified(List.of(), List.of());
    }

    /**
     * The setting the {@code xc run} flags ask for.
     *
     * @param servers {@code --dns} values, IP literals
     * @param searchDomains {@code --dns-search} values
     * @param emptyDns {@code --empty-dns}
     * @param dnsNop {@code --dns-nop}
     * @throws XcException {@link ErrorCode#INVALID_ARGUMENT} for contradictory flags (the original xc panicked on
     *         {@code --dns-nop} with {@code --empty-dns}), {@link ErrorCode#INVALID_SYNTAX} for a bad server or
     *         domain
     */
    static DnsSetting fromFlags(List<String> servers, List<String> searchDomains, boolean emptyDns, boolean dnsNop) {
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(searchDomains, "searchDomains");
        boolean given = !servers.isEmpty() || !searchDomains.isEmpty();
        if (dnsNop && (emptyDns || given)) {
            List<String> others = new ArrayList<>();
            if (emptyDns) {
                others.add("--empty-dns");
            }
            if (!servers.isEmpty()) {
                others.add("--dns");
            }
            if (!searchDomains.isEmpty()) {
                others.add("--dns-search");
            }
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "--dns-nop and " + String.join(", ", others) + " are mutually exclusive: --dns-nop leaves "
                            + "resolv.conf untouched",
                    "drop --dns-nop, or drop " + String.join(" and ", others));
        }
        if (emptyDns && given) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "--empty-dns and --dns/--dns-search are mutually exclusive: --empty-dns writes an empty "
                            + "resolv.conf", "drop --empty-dns to write the given servers and domains");
        }
        if (dnsNop) {
            return nop();
        }
        if (emptyDns) {
            return empty();
        }
        if (!given) {
            return inherit();
        }
        List<InetAddress> parsed = new ArrayList<>();
        for (String s : servers) {
            parsed.add(IpLiteral.parse(s, why -> XcException.invalid(ErrorCode.INVALID_SYNTAX,
                    "invalid --dns server '" + s + "': " + why, "write an IP address, e.g. --dns 1.1.1.1")));
        }
        return new Specified(parsed, searchDomains);
    }
}
