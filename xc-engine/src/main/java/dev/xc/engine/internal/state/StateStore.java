package dev.xc.engine.internal.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;

/**
 * The engine's SQLite state ({@code database_store}): a pool of connections in WAL mode whose transactions take the
 * write lock when they begin ({@code BEGIN IMMEDIATE}), so concurrent allocations in this process or in another
 * serialise instead of failing half-way. The schema is versioned: {@code V<n>.sql} scripts beside this class are
 * applied in order, each in its own transaction, and a database written by a newer xc is refused rather than
 * misread. Its version table is {@code state_migrations}, so the image store may share the file (the original xc's
 * default puts both databases in {@code /var/db/xc.sqlite}).
 *
 * <p>Thread-safe.
 */
public final class StateStore implements AutoCloseable {

    /** The newest schema version this build knows. */
    public static final int SCHEMA_VERSION = 4;

    private final HikariDataSource pool;
    private final Path file;
    private final Clock clock;

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private StateStore(HikariDataSource pool, Path file, Clock clock) {
        this.pool = pool;
        this.file = file;
        this.clock = clock;
    }

    /** Opens (creating if needed) the database at {@code file} and brings its schema up to date. */
    public static StateStore open(Path file, Clock clock) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot create the directory of " + file + ": " + e.getMessage(),
                    "check the database_store path and its permissions", e);
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        cfg.enforceForeignKeys(true);
        cfg.setBusyTimeout(30_000);
        cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(cfg);
        ds.setUrl("jdbc:sqlite:" + file);
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(ds);
        hc.setPoolName("xc-state");
        hc.setMaximumPoolSize(4);
        hc.setMinimumIdle(0);
        hc.setAutoCommit(true);
        hc.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(hc);
        StateStore store = new StateStore(pool, file, clock);
        try {
            store.migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return store;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The current time as stored in the database (ISO-8601 UTC). */
    public String now() {
        return Instant.now(clock).toString();
    }

    /** The schema version the database is at. */
    public int schemaVersion() {
        return inTransaction(StateStore::version);
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    private void migrate() {
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS state_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            }
            int have = version(c);
            if (have > SCHEMA_VERSION) {
                throw XcException.of(ErrorCode.INVALID_CONFIG,
                        "the state database " + file + " has schema version " + have + ", newer than this xc knows ("
                                + SCHEMA_VERSION + ")",
                        "use the xc that wrote it, or point database_store at another file");
            }
            for (int v = have + 1; v <= SCHEMA_VERSION; v++) {
                try (Statement s = c.createStatement()) {
                    for (String sql : script(v).split(";\\s*(\\r?\\n|$)")) {
                        String stmt = stripComments(sql);
                        if (!stmt.isBlank()) {
                            s.execute(stmt);
                        }
                    }
                    s.execute("INSERT INTO state_migrations(version, applied_at) VALUES (" + v + ", '" + now() + "')");
                }
            }
            return null;
        });
    }

    private static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM state_migrations")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String script(int version) {
        String name = "V" + version + ".sql";
        try (InputStream in = StateStore.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("schema script " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema script " + name, e);
        }
    }

    private static String stripComments(String sql) {
        StringBuilder sb = new StringBuilder();
        for (String line : sql.split("\\r?\\n")) {
            String t = line.strip();
            if (!t.startsWith("--")) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString().strip();
    }

    /** Maps a database failure to an engine error naming the file. */
    public XcException failure(SQLException e) {
        return XcException.of(ErrorCode.IO_ERROR, "state database " + file + " failed: " + e.getMessage(),
                "check the disk and the file's permissions; the operation was rolled back", e);
    }

    @Override
    public void close() {
        pool.close();
    }
}
