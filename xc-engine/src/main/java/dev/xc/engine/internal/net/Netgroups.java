package dev.xc.engine.internal.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.net.NetworkSpec;
import dev.xc.engine.internal.state.StateStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Netgroups (xc-reference.md 7.7): containers that find each other by name in {@code /etc/hosts}. A netgroup is
 * named after a network; its members are containers with an address on that network, added by
 * {@code xc run --net-group G} or {@code xc network tag [--no-commit] G CONTAINER}, and kept in the state database
 * ({@code netgroup_members}). Committing a netgroup rewrites (truncates) {@code /etc/hosts} in the root of each of
 * its live members ({@code created}, {@code starting} or {@code running}) with, as the original xc writes it:
 *
 * <pre>
 * ::1 localhost
 * 127.0.0.1 localhost
 * 10.9.0.2 web
 * 10.9.0.3 db
 * </pre>
 *
 * one line per member of every netgroup the container belongs to (groups by name, members in the order they
 * joined): the member's first address on that group's network and its container name. A container leaving (its
 * teardown) is removed from every group it was in, and those groups are committed again without it. Until a
 * commit, a tag changes no file ({@code --no-commit}).
 *
 * <p>Thread-safe: membership changes are transactions; rewrites of hosts files are serialised in this JVM, and each
 * rewrite reads the membership as it is then, so the last commit writes the latest state.
 */
public final class Netgroups {

    private static final Object REWRITE = new Object();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LIVE = Set.of("created", "starting", "running");

    private final StateStore store;
    private final Networks networks;
    private final Function<String, String> resolve;

    /**
     * @param store the state database
     * @param networks the managed networks (a netgroup must name one)
     * @param resolve a container id, name or jail id to the container id; throws CONTAINER_NOT_FOUND
     */
    public Netgroups(StateStore store, Networks networks, Function<String, String> resolve) {
        this.store = store;
        this.networks = networks;
        this.resolve = resolve;
    }

    /** One container as a netgroup sees it. */
    private record Member(String id, String name, String state, String root, List<String> addresses) {

        /** The first address on {@code network}, without its mask. */
        Optional<String> addressOn(String network) {
            for (String a : addresses) {
                String[] f = a.split("\t", -1);
                if (f.length == 3 && f[0].equals(network)) {
                    return Optional.of(IpLiteral.format(Cidr.parse(f[2]).address()));
                }
            }
            return Optional.empty();
        }
    }

    /**
     * {@code xc network tag [--no-commit] NETGROUP CONTAINER}: adds the container (once; a second tag only commits)
     * and, when {@code commit}, rewrites the hosts files of the netgroup's members.
     *
     * @throws XcException INVALID_NAME, NETWORK_NOT_FOUND, CONTAINER_NOT_FOUND, RESOURCE_BUSY (the container is not
     *         live), INVALID_ARGUMENT (it has no address on the network), IO_ERROR (a hosts file could not be written)
     */
    public void tag(String netgroup, String container, boolean commit) {
        NetworkSpec.checkName(netgroup);
        networks.get(netgroup);
        String id = resolve.apply(container);
        Member m = store.inTransaction(c -> member(c, id)).orElseThrow(() -> XcException.of(
                ErrorCode.CONTAINER_NOT_FOUND, "no such container: " + container, "xc ps lists the containers"));
        if (!LIVE.contains(m.state())) {
            throw XcException.of(ErrorCode.RESOURCE_BUSY, "cannot add container " + m.name() + " to netgroup "
                    + netgroup + ": it is " + m.state(), "run a new container with --network " + netgroup
                    + " --net-group " + netgroup);
        }
        if (m.addressOn(netgroup).isEmpty()) {
            throw XcException.of(ErrorCode.INVALID_ARGUMENT, "cannot add container " + m.name() + " to netgroup "
                    + netgroup + ": it has no address on network " + netgroup,
                    "tag a container that runs with --network " + netgroup);
        }
        store.inTransaction(c -> insert(c, netgroup, id));
        if (commit) {
            rethrow(commit(netgroup));
        }
    }

    /** Adds container {@code id} to {@code groups} and commits each ({@code xc run --net-group}). */
    public void join(String id, List<String> groups) {
        if (groups.isEmpty()) {
            return;
        }
        store.inTransaction(c -> {
            for (String g : groups) {
                insert(c, g, id);
            }
            return null;
        });
        List<String> failures = new ArrayList<>();
        for (String g : groups) {
            failures.addAll(commit(g));
        }
        rethrow(failures);
    }

    /**
     * Removes container {@code id} from every netgroup and commits those groups again; a member whose hosts file
     * cannot be rewritten is that member's problem, not the leaver's, so failures are returned, not thrown.
     */
    public List<String> leave(String id) {
        List<String> groups = store.inTransaction(c -> {
            List<String> out = groupsOf(c, id);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM netgroup_members WHERE container = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            return out;
        });
        List<String> failures = new ArrayList<>();
        for (String g : groups) {
            failures.addAll(commit(g));
        }
        return failures;
    }

    /** The netgroups of container {@code id}, by name. */
    public List<String> groupsOf(String id) {
        return store.inTransaction(c -> groupsOf(c, id));
    }

    /** The members of {@code netgroup} (container ids), in the order they joined. */
    public List<String> members(String netgroup) {
        return store.inTransaction(c -> memberIds(c, netgroup));
    }

    /**
     * Rewrites the hosts file of every live member of {@code netgroup}; returns one line per file that could not be
     * written (the others are written all the same).
     */
    public List<String> commit(String netgroup) {
        List<String> failures = new ArrayList<>();
        synchronized (REWRITE) {
            record Target(Member member, String hosts) {
            }
            List<Target> targets = store.inTransaction(c -> {
                List<Target> out = new ArrayList<>();
                for (String id : memberIds(c, netgroup)) {
                    Optional<Member> m = member(c, id);
                    if (m.isPresent() && LIVE.contains(m.get().state()) && !m.get().root().isEmpty()) {
                        out.add(new Target(m.get(), hostsOf(c, id)));
                    }
                }
                return out;
            });
            for (Target t : targets) {
                try {
                    writeHosts(Path.of(t.member().root()), t.hosts());
                } catch (IOException | XcException e) {
                    failures.add("cannot write /etc/hosts of container " + t.member().name() + ": " + e.getMessage());
                }
            }
        }
        return failures;
    }

    /** The hosts file of container {@code id}: localhost, then the members of each of its netgroups. */
    private static String hostsOf(Connection c, String id) throws SQLException {
        Set<String> lines = new LinkedHashSet<>();
        for (String g : groupsOf(c, id)) {
            for (String other : memberIds(c, g)) {
                Optional<Member> m = member(c, other);
                if (m.isPresent() && LIVE.contains(m.get().state())) {
                    m.get().addressOn(g).ifPresent(a -> lines.add(a + " " + m.get().name()));
                }
            }
        }
        StringBuilder sb = new StringBuilder("::1 localhost\n127.0.0.1 localhost\n");
        lines.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    /** Writes {@code ROOT/etc/hosts}, truncating it; refuses a symbolic link on the way (it could leave the root). */
    private static void writeHosts(Path root, String content) throws IOException {
        Path etc = root.resolve("etc");
        Path hosts = etc.resolve("hosts");
        for (Path p : List.of(etc, hosts)) {
            if (Files.isSymbolicLink(p)) {
                throw XcException.of(ErrorCode.UNSAFE_LAYER, "cannot write /etc/hosts in the container: " + p
                        + " is a symbolic link", "replace the link in the image with a regular file");
            }
        }
        Files.createDirectories(etc);
        Files.writeString(hosts, content, StandardCharsets.UTF_8);
    }

    private static Void insert(Connection c, String netgroup, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO netgroup_members(netgroup, container, "
                + "created_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")) {
            ps.setString(1, netgroup);
            ps.setString(2, id);
            ps.executeUpdate();
        }
        return null;
    }

    private static List<String> groupsOf(Connection c, String id) throws SQLException {
        return column(c, "SELECT netgroup FROM netgroup_members WHERE container = ? ORDER BY netgroup", id);
    }

    private static List<String> memberIds(Connection c, String netgroup) throws SQLException {
        return column(c, "SELECT container FROM netgroup_members WHERE netgroup = ? ORDER BY rowid", netgroup);
    }

    /** The first column of every row {@code sql} selects with {@code key} as its one parameter. */
    private static List<String> column(Connection c, String sql, String key) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static Optional<Member> member(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, state, root, addresses FROM containers "
                + "WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<String> addrs = new ArrayList<>();
                try {
                    for (JsonNode n : JSON.readTree(rs.getString(5))) {
                        addrs.add(n.asText());
                    }
                } catch (IOException e) {
                    throw XcException.of(ErrorCode.INTERNAL, "the stored addresses of container " + id
                            + " are not valid JSON: " + e.getMessage(), "the state database may be damaged", e);
                }
                return Optional.of(new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        addrs));
            }
        }
    }

    private static void rethrow(List<String> failures) {
        if (!failures.isEmpty()) {
            throw XcException.of(ErrorCode.IO_ERROR, String.join("; ", failures),
                    "check the containers' roots; the membership is recorded, a later commit retries");
        }
    }
}
