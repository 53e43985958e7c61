package dev.xc.engine.internal.state;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateStoreTest {

    @TempDir
    Path tmp;

    @Test
    void migratesOnceAndKeepsTheVersion() {
        Path f = tmp.resolve("nested/dir/state.sqlite");
        try (StateStore s = StateStore.open(f, Clock.systemUTC())) {
            assertEquals(StateStore.SCHEMA_VERSION, s.schemaVersion());
        }
        try (StateStore s = StateStore.open(f, Clock.systemUTC())) {
            assertEquals(StateStore.SCHEMA_VERSION, s.schemaVersion());
            int rows = s.inTransaction(c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM state_migrations")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(StateStore.SCHEMA_VERSION, rows);
        }
    }

    @Test
    void aFailedTransactionLeavesNoTrace() {
        try (StateStore s = StateStore.open(tmp.resolve("s.sqlite"), Clock.systemUTC())) {
            assertThrows(IllegalStateException.class, () -> s.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO networks(name, subnet, created_at) VALUES ('n', '10.0.0.0/24', 'now')")) {
                    ps.executeUpdate();
                }
                throw new IllegalStateException("boom");
            }));
            int n = s.inTransaction(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM networks")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(0, n);
        }
    }

    @Test
    void aDatabaseFromANewerXcIsRefused() {
        Path f = tmp.resolve("s.sqlite");
        try (StateStore s = StateStore.open(f, Clock.systemUTC())) {
            s.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO state_migrations(version, applied_at) VALUES (99, 'later')");
                }
                return null;
            });
        }
        XcException e = assertThrows(XcException.class, () -> StateStore.open(f, Clock.systemUTC()));
        assertEquals(ErrorCode.INVALID_CONFIG, e.code());
        assertTrue(e.getMessage().contains("has schema version 99, newer than this xc knows (" + StateStore.SCHEMA_VERSION + ")"), e.getMessage());
    }

    @Test
    void foreignKeysAreEnforced() {
        try (StateStore s = StateStore.open(tmp.resolve("s.sqlite"), Clock.systemUTC())) {
            XcException e = assertThrows(XcException.class, () -> s.inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO address_allocations(network, address, container, created_at) "
                            + "VALUES ('missing', '10.0.0.2', 'c', 'now')");
                }
                return null;
            }));
            assertTrue(e.getMessage().contains("FOREIGN KEY"), e.getMessage());
        }
    }
}
