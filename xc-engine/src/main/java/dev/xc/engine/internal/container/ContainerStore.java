package dev.xc.engine.internal.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.engine.internal.state.StateStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The container rows, their processes and the undo journal in the engine's state database. Every method is one
 * transaction. Thread-safe.
 */
final class ContainerStore {

    /** A stored container. Optional columns are empty when NULL. */
    record Row(String id, String name, String image, Optional<String> imageDigest, String state, String root,
               String hostname, boolean vnet, boolean linux, String restart, int restarts,
               Optional<Integer> devfsRuleset, List<String> addresses, List<String> published,
               List<String> redirects, String blueprintJson, Optional<Integer> exitCode, Optional<String> fault,
               Optional<Instant> created, Optional<Instant> started, Optional<Instant> finished) {
        Blueprint blueprint() {
            return Blueprint.fromJson(blueprintJson);
        }
    }

    /** A stored process. */
    record Proc(String label, long pid, List<String> argv, Optional<Instant> started, Optional<Instant> exited,
                Optional<Integer> exitCode) {
    }

    /** A journal entry: a step recorded before it ran, with what undoes it. */
    record Entry(long id, String step, String undo, String state) {
    }

    private final StateStore db;

    ContainerStore(StateStore db) {
        this.db = db;
    }

    /** The state database file. */
    java.nio.file.Path file() {
        return db.file();
    }

    String now() {
        return db.now();
    }

    void insert(Blueprint bp, String state) {
        db.inTransaction(c -> {
            if (byName(c, bp.name()).isPresent()) {
                throw nameInUse(bp.name(), byName(c, bp.name()).get().id());
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO containers(id, name, image, image_digest, "
                    + "state, root, hostname, vnet, linux, restart, restarts, addresses, published, redirects, "
                    + "blueprint, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,0,'[]',?,'[]',?,?)")) {
                ps.setString(1, bp.id());
                ps.setString(2, bp.name());
                ps.setString(3, bp.image());
                ps.setString(4, bp.imageDigest().isEmpty() ? null : bp.imageDigest());
                ps.setString(5, state);
                ps.setString(6, "");
                ps.setString(7, bp.hostname());
                ps.setInt(8, bp.vnet() ? 1 : 0);
                ps.setInt(9, bp.linux() ? 1 : 0);
                ps.setString(10, bp.restart());
                ps.setString(11, Blueprint.listJson(bp.publish()));
                ps.setString(12, bp.toJson());
                ps.setString(13, db.now());
                ps.executeUpdate();
            }
            return null;
        });
    }

    static XcException nameInUse(String name, String holder) {
        return XcException.of(ErrorCode.NAME_IN_USE, "container name '" + name + "' is already used by container "
                + holder, "choose another --name, or remove the other container with 'xc rm " + name + "'");
    }

    Optional<Row> find(String id) {
        return db.inTransaction(c -> byId(c, id));
    }

    Optional<Row> findByName(String name) {
        return db.inTransaction(c -> byName(c, name));
    }

    List<Row> all() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM containers ORDER BY created_at, id");
                 ResultSet rs = ps.executeQuery()) {
                List<Row> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row(rs));
                }
                return out;
            }
        });
    }

    /** Moves the state to {@code to} if it is one of {@code from}; whether it did. */
    boolean transition(String id, Set<String> from, String to) {
        return db.inTransaction(c -> {
            Optional<Row> r = byId(c, id);
            if (r.isEmpty() || !from.contains(r.get().state())) {
                return false;
            }
            update(c, id, "state", to);
            return true;
        });
    }

    void setState(String id, String state) {
        set(id, "state", state);
    }

    void set(String id, String column, Object value) {
        db.inTransaction(c -> {
            update(c, id, column, value);
            return null;
        });
    }

    void setNow(String id, String column) {
        set(id, column, db.now());
    }

    private static void update(Connection c, String id, String column, Object value) throws SQLException {
        if (!column.matches("[a-z_]+")) {
            throw new IllegalArgumentException(column);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE containers SET " + column + " = ? WHERE id = ?")) {
            if (value == NULL) {
                ps.setNull(1, Types.VARCHAR);
            } else {
                ps.setObject(1, value);
            }
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    /** Stands for SQL NULL in {@link #set}. */
    static final Object NULL = new Object();

    void incrementRestarts(String id) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE containers SET restarts = restarts + 1 WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Deletes the container, its processes and its journal. */
    void delete(String id) {
        db.inTransaction(c -> {
            for (String sql : List.of("DELETE FROM container_processes WHERE container = ?",
                    "DELETE FROM journal WHERE container = ?", "DELETE FROM containers WHERE id = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ processes

    void processStarted(String id, String label, long pid, List<String> argv) {
        db.inTransaction(c -> {
            int seq;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT coalesce(max(seq), -1) + 1 FROM container_processes WHERE container = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    seq = rs.next() ? rs.getInt(1) : 0;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO container_processes(container, "
                    + "label, seq, pid, argv, started_at, exited_at, exit_code) VALUES (?,?,?,?,?,?,NULL,NULL)")) {
                ps.setString(1, id);
                ps.setString(2, label);
                ps.setInt(3, seq);
                ps.setLong(4, pid);
                ps.setString(5, Blueprint.listJson(argv));
                ps.setString(6, db.now());
                ps.executeUpdate();
            }
            return null;
        });
    }

    void processExited(String id, String label, int exitCode) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE container_processes SET exited_at = ?, "
                    + "exit_code = ? WHERE container = ? AND label = ? AND exited_at IS NULL")) {
                ps.setString(1, db.now());
                ps.setInt(2, exitCode);
                ps.setString(3, id);
                ps.setString(4, label);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Records that a process ended without a known exit status (an adopted process; see Reconciler). */
    void processGone(String id, String label) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE container_processes SET exited_at = ? "
                    + "WHERE container = ? AND label = ? AND exited_at IS NULL")) {
                ps.setString(1, db.now());
                ps.setString(2, id);
                ps.setString(3, label);
                ps.executeUpdate();
            }
            return null;
        });
    }

    List<Proc> processes(String id) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM container_processes WHERE container = ? ORDER BY seq")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Proc> out = new ArrayList<>();
                    while (rs.next()) {
                        int code = rs.getInt("exit_code");
                        Optional<Integer> exit = rs.wasNull() ? Optional.empty() : Optional.of(code);
                        out.add(new Proc(rs.getString("label"), rs.getLong("pid"),
                                Blueprint.parseList(rs.getString("argv")), instant(rs.getString("started_at")),
                                instant(rs.getString("exited_at")), exit));
                    }
                    return out;
                }
            }
        });
    }

    // ------------------------------------------------------------------ journal

    /** Records a step as pending, before it runs. */
    long journalBegin(String id, String step, String undo) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO journal(container, step, undo, state, "
                    + "created_at) VALUES (?,?,?,'pending',?)", java.sql.Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, id);
                ps.setString(2, step);
                ps.setString(3, undo);
                ps.setString(4, db.now());
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    void journalMark(long entry, String state) {
        journalSet(entry, "UPDATE journal SET state = ? WHERE id = ?", state);
    }

    /** Replaces the undo of a journal entry, once its step has learnt what to undo (the name of a created epair). */
    void journalUndo(long entry, String undo) {
        journalSet(entry, "UPDATE journal SET undo = ? WHERE id = ?", undo);
    }

    private void journalSet(long entry, String sql, String value) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, value);
                ps.setLong(2, entry);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The entries of {@code id} not undone yet, newest first. */
    List<Entry> openEntries(String id) {
        return entries(id, "state IN ('pending', 'done')", "DESC");
    }

    /** Every entry of {@code id}, oldest first. */
    List<Entry> journal(String id) {
        return entries(id, "1 = 1", "ASC");
    }

    private List<Entry> entries(String id, String where, String order) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, step, undo, state FROM journal WHERE "
                    + "container = ? AND " + where + " ORDER BY id " + order)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Entry> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                    return out;
                }
            }
        });
    }

    /** How many journal entries of any container are still pending. */
    int pendingEntries() {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM journal WHERE state = 'pending'");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    /** Who holds {@code address} on {@code network}, if anyone. */
    Optional<String> addressHolder(String network, String address) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT container FROM address_allocations WHERE network = ? AND address = ?")) {
                ps.setString(1, network);
                ps.setString(2, address);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    // ------------------------------------------------------------------ rows

    private static Optional<Row> byId(Connection c, String id) throws SQLException {
        return one(c, "SELECT * FROM containers WHERE id = ?", id);
    }

    private static Optional<Row> byName(Connection c, String name) throws SQLException {
        return one(c, "SELECT * FROM containers WHERE name = ?", name);
    }

    private static Optional<Row> one(Connection c, String sql, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        int rs1 = rs.getInt("devfs_ruleset");
        Optional<Integer> ruleset = rs.wasNull() ? Optional.empty() : Optional.of(rs1);
        int code = rs.getInt("exit_code");
        Optional<Integer> exit = rs.wasNull() ? Optional.empty() : Optional.of(code);
        return new Row(rs.getString("id"), rs.getString("name"), rs.getString("image"),
                Optional.ofNullable(rs.getString("image_digest")), rs.getString("state"), rs.getString("root"),
                rs.getString("hostname"), rs.getInt("vnet") != 0, rs.getInt("linux") != 0, rs.getString("restart"),
                rs.getInt("restarts"), ruleset, Blueprint.parseList(rs.getString("addresses")),
                Blueprint.parseList(rs.getString("published")), Blueprint.parseList(rs.getString("redirects")),
                rs.getString("blueprint"), exit, Optional.ofNullable(rs.getString("fault")),
                instant(rs.getString("created_at")), instant(rs.getString("started_at")),
                instant(rs.getString("finished_at")));
    }

    private static Optional<Instant> instant(String text) {
        return text == null || text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
    }
}
