package dev.xc.engine.internal.volume;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xc.api.volume.VolumeDriver;
import dev.xc.engine.internal.state.StateStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code volumes} table of the state database (schema V3) and the question which containers mount a volume
 * (answered from the containers' stored blueprints, so it holds across engine instances sharing the database).
 * Stateless apart from the store; thread-safe.
 */
public final class VolumeStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Who owns a volume's data, and so what removing it deletes. */
    public enum ManagedBy {
        /** The storage backend created it (a dataset, or a directory of the directory backend). */
        STORAGE,
        /** The engine made a plain directory for it. */
        DIRECTORY,
        /** An existing path given at creation; removing the volume leaves it alone. */
        EXTERNAL;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static ManagedBy of(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * One stored volume.
     *
     * @param name the volume name
     * @param driver its driver
     * @param device the directory that is mounted into containers
     * @param managedBy who owns the data
     * @param options the ZFS options given at creation
     * @param hints the hints it was created with (template hints and options)
     * @param template {@code IMAGE VOLUME} when created from an image's volume spec, else empty
     * @param createdAt when it was created (ISO-8601)
     */
    public record Row(String name, VolumeDriver driver, Path device, ManagedBy managedBy, Map<String, String> options,
                      Map<String, String> hints, Optional<String> template, String createdAt) {
        public Row {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
            hints = Collections.unmodifiableMap(new LinkedHashMap<>(hints));
        }
    }

    /** A container that mounts a volume: its name and state. */
    public record User(String container, String state) {
    }

    private final StateStore db;

    public VolumeStore(StateStore db) {
        this.db = db;
    }

    /** The volume named {@code name}. */
    public Optional<Row> find(String name) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM volumes WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<Row>empty();
                }
            }
        });
    }

    /** Every volume, by name. */
    public List<Row> all() {
        return db.inTransaction(c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM volumes ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    /**
     * Records {@code row}; false when a volume of that name exists already (nothing is written then).
     */
    public boolean insert(Row row) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO volumes(name, driver, device, "
                    + "managed_by, options, hints, template, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, row.name());
                ps.setString(2, row.driver().id());
                ps.setString(3, row.device().toString());
                ps.setString(4, row.managedBy().id());
                ps.setString(5, json(row.options()));
                ps.setString(6, json(row.hints()));
                ps.setString(7, row.template().orElse(null));
                ps.setString(8, row.createdAt());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Forgets the volume {@code name}; false when there was none. */
    public boolean delete(String name) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM volumes WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * The containers whose stored blueprint mounts {@code device} with nullfs (a volume is mounted by its
     * directory), by container name.
     */
    public List<User> users(Path device) {
        return db.inTransaction(c -> usersIn(c, device.toString()));
    }

    private static List<User> usersIn(Connection c, String device) throws SQLException {
        List<User> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, state, blueprint FROM containers ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (mounts(rs.getString("blueprint"), device)) {
                    out.add(new User(rs.getString("name"), rs.getString("state")));
                }
            }
        }
        return out;
    }

    private static boolean mounts(String blueprint, String device) {
        try {
            for (JsonNode m : JSON.readTree(blueprint).path("mounts")) {
                if (m.path("fsType").asText().equals("nullfs") && m.path("source").asText().equals(device)) {
                    return true;
                }
            }
            return false;
        } catch (JsonProcessingException e) {
            return false; // an unreadable blueprint mounts nothing we can name
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("name"), VolumeDriver.parse(rs.getString("driver")), Path.of(rs.getString("device")),
                ManagedBy.of(rs.getString("managed_by")), map(rs.getString("options")), map(rs.getString("hints")),
                Optional.ofNullable(rs.getString("template")), rs.getString("created_at"));
    }

    private static String json(Map<String, String> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a string map as JSON", e);
        }
    }

    private static Map<String, String> map(String text) {
        try {
            return JSON.readValue(text, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("volume row holds malformed JSON: " + text, e);
        }
    }
}
