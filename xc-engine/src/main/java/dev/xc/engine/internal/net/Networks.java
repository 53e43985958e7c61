package dev.xc.engine.internal.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.net.NetworkInfo;
import dev.xc.api.net.NetworkSpec;
import dev.xc.engine.internal.state.StateStore;

import java.math.BigInteger;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Managed networks and their address allocations, kept in the state database.
 *
 * <p>Allocation: an explicit address must lie in the subnet (and in the start..end range when one is set), must not
 * be the network or broadcast address or the default router, and must be free; otherwise the first free address from
 * the start of the range is taken. Every allocation runs in one {@code BEGIN IMMEDIATE} transaction, so concurrent
 * runs, in this process or another, never receive the same address, and allocations survive a restart.
 *
 * <p>Thread-safe.
 */
public final class Networks {

    /** Upper bound on addresses examined for one allocation, so a full IPv6 /64 cannot spin forever. */
    private static final long SCAN_LIMIT = 1 << 20;

    private final StateStore store;

    public Networks(StateStore store) {
        this.store = store;
    }

    /** Creates a network; refused when the name exists or the subnet overlaps another network's. */
    public NetworkInfo create(NetworkSpec spec) {
        return store.inTransaction(c -> {
            if (find(c, spec.name()).isPresent()) {
                throw XcException.of(ErrorCode.NAME_IN_USE, "network '" + spec.name() + "' already exists",
                        "choose another name, or remove the network first with 'xc network remove " + spec.name() + "'");
            }
            for (NetworkSpec other : all(c)) {
                if (other.subnet().overlaps(spec.subnet())) {
                    throw XcException.of(ErrorCode.ADDRESS_IN_USE,
                            "subnet " + spec.subnet() + " of network '" + spec.name() + "' overlaps " + other.subnet()
                                    + " of network '" + other.name() + "'",
                            "choose a subnet that no other network uses");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO networks(name, subnet, alias_iface, "
                    + "bridge_iface, default_router, start_addr, end_addr, created_at) VALUES (?,?,?,?,?,?,?,?)")) {
                ps.setString(1, spec.name());
                ps.setString(2, spec.subnet().toString());
                ps.setString(3, spec.aliasInterface().orElse(null));
                ps.setString(4, spec.bridgeInterface().orElse(null));
                ps.setString(5, spec.defaultRouter().map(IpLiteral::format).orElse(null));
                ps.setString(6, spec.startAddress().map(IpLiteral::format).orElse(null));
                ps.setString(7, spec.endAddress().map(IpLiteral::format).orElse(null));
                ps.setString(8, store.now());
                ps.executeUpdate();
            }
            return info(c, spec);
        });
    }

    /** Every network, by name. */
    public List<NetworkInfo> list() {
        return store.inTransaction(c -> {
            List<NetworkInfo> out = new ArrayList<>();
            for (NetworkSpec s : all(c)) {
                out.add(info(c, s));
            }
            return out;
        });
    }

    /** One network. */
    public NetworkInfo get(String name) {
        return store.inTransaction(c -> info(c, require(c, name)));
    }

    /** Removes a network; refused while any container holds one of its addresses. */
    public void remove(String name) {
        store.inTransaction(c -> {
            NetworkSpec spec = require(c, name);
            List<String> users = containers(c, spec.name());
            if (!users.isEmpty()) {
                throw XcException.of(ErrorCode.RESOURCE_BUSY,
                        "network '" + name + "' is used by " + users.size() + " container(s): " + String.join(", ", users),
                        "kill or remove those containers first");
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM networks WHERE name = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Gives {@code container} an address on {@code network}: {@code explicit} when given, else the first free one.
     *
     * @return the address with the network's prefix
     * @throws XcException NETWORK_NOT_FOUND, ADDRESS_IN_USE (held by another container), ADDRESS_POOL_EXHAUSTED,
     *         INVALID_ARGUMENT (outside the subnet or range, reserved, the router)
     */
    public Cidr allocate(String network, String container, Optional<InetAddress> explicit) {
        return store.inTransaction(c -> {
            NetworkSpec spec = require(c, network);
            Set<InetAddress> taken = taken(c, network);
            InetAddress chosen;
            if (explicit.isPresent()) {
                InetAddress a = explicit.get();
                String text = IpLiteral.format(a);
                if (!spec.subnet().contains(a) || outsideRange(spec, a)) {
                    throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                            text + " is not in the subnet of " + network + " (" + rangeText(spec) + ")",
                            "pick an address from " + rangeText(spec) + ", or omit it to get the next free one");
                }
                if (spec.isReserved(a) || spec.defaultRouter().map(a::equals).orElse(false)) {
                    throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                            text + " is reserved on network " + network + " (network, broadcast or default router address)",
                            "pick another address from " + rangeText(spec));
                }
                if (taken.contains(a)) {
                    String holder = holder(c, network, text);
                    throw XcException.of(ErrorCode.ADDRESS_IN_USE,
                            "address " + text + " already consumed on network " + network + " by container " + holder,
                            "pick another address, or omit it to get the next free one");
                }
                chosen = a;
            } else {
                chosen = firstFree(spec, taken).orElseThrow(() -> XcException.of(ErrorCode.ADDRESS_POOL_EXHAUSTED,
                        "cannot allocate address from network " + network + ": all of " + rangeText(spec) + " are in use",
                        "remove containers from the network, or create a larger network"));
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO address_allocations(network, address, container, created_at) VALUES (?,?,?,?)")) {
                ps.setString(1, network);
                ps.setString(2, IpLiteral.format(chosen));
                ps.setString(3, container);
                ps.setString(4, store.now());
                ps.executeUpdate();
            }
            return Cidr.of(chosen, spec.subnet().prefix());
        });
    }

    /** Releases every address {@code container} holds; returns them per network. Idempotent. */
    public List<String> release(String container) {
        return store.inTransaction(c -> {
            List<String> released = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT network, address FROM address_allocations WHERE container = ? ORDER BY network, address")) {
                ps.setString(1, container);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        released.add(rs.getString(1) + "|" + rs.getString(2));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM address_allocations WHERE container = ?")) {
                ps.setString(1, container);
                ps.executeUpdate();
            }
            return released;
        });
    }

    private static Optional<InetAddress> firstFree(NetworkSpec spec, Set<InetAddress> taken) {
        Cidr subnet = spec.subnet();
        BigInteger from = subnet.offsetOf(spec.firstAssignable());
        BigInteger to = subnet.offsetOf(spec.lastAssignable());
        long scanned = 0;
        for (BigInteger off = from; off.compareTo(to) <= 0 && scanned < SCAN_LIMIT; off = off.add(BigInteger.ONE)) {
            scanned++;
            InetAddress a = subnet.addressAt(off);
            if (!taken.contains(a) && !spec.isReserved(a) && !spec.defaultRouter().map(a::equals).orElse(false)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static boolean outsideRange(NetworkSpec spec, InetAddress a) {
        return Cidr.compare(a, spec.firstAssignable()) < 0 || Cidr.compare(a, spec.lastAssignable()) > 0;
    }

    private static String rangeText(NetworkSpec spec) {
        return IpLiteral.format(spec.firstAssignable()) + "-" + IpLiteral.format(spec.lastAssignable());
    }

    private static Set<InetAddress> taken(Connection c, String network) throws SQLException {
        Set<InetAddress> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT address FROM address_allocations WHERE network = ?")) {
            ps.setString(1, network);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(IpLiteral.parse(rs.getString(1)));
                }
            }
        }
        return out;
    }

    private static String holder(Connection c, String network, String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT container FROM address_allocations WHERE network = ? AND address = ?")) {
            ps.setString(1, network);
            ps.setString(2, address);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "?";
            }
        }
    }

    private static List<String> containers(Connection c, String network) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT container FROM address_allocations WHERE network = ? ORDER BY container")) {
            ps.setString(1, network);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return List.copyOf(out);
    }

    private static NetworkInfo info(Connection c, NetworkSpec spec) throws SQLException {
        int allocated;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM address_allocations WHERE network = ?")) {
            ps.setString(1, spec.name());
            try (ResultSet rs = ps.executeQuery()) {
                allocated = rs.next() ? rs.getInt(1) : 0;
            }
        }
        BigInteger span = spec.subnet().offsetOf(spec.lastAssignable())
                .subtract(spec.subnet().offsetOf(spec.firstAssignable())).add(BigInteger.ONE);
        long capacity = span.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        if (spec.defaultRouter().isPresent() && !outsideRange(spec, spec.defaultRouter().get())) {
            capacity--;
        }
        return new NetworkInfo(spec, containers(c, spec.name()), allocated, Math.max(0, capacity));
    }

    private static NetworkSpec require(Connection c, String name) throws SQLException {
        return find(c, name).orElseThrow(() -> XcException.of(ErrorCode.NETWORK_NOT_FOUND, "no such network: " + name,
                "create it with 'xc network create --alias IFACE " + name + " SUBNET', or list them with 'xc network list'"));
    }

    private static Optional<NetworkSpec> find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM networks WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(spec(rs)) : Optional.empty();
            }
        }
    }

    private static List<NetworkSpec> all(Connection c) throws SQLException {
        List<NetworkSpec> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM networks ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(spec(rs));
            }
        }
        return out;
    }

    private static NetworkSpec spec(ResultSet rs) throws SQLException {
        return new NetworkSpec(rs.getString("name"), Cidr.parse(rs.getString("subnet")),
                Optional.ofNullable(rs.getString("alias_iface")), Optional.ofNullable(rs.getString("bridge_iface")),
                Optional.ofNullable(rs.getString("default_router")).map(IpLiteral::parse),
                Optional.ofNullable(rs.getString("start_addr")).map(IpLiteral::parse),
                Optional.ofNullable(rs.getString("end_addr")).map(IpLiteral::parse));
    }
}
