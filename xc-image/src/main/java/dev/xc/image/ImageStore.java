package dev.xc.image;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;
import dev.xc.image.internal.Migrations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The local image database: images (manifests with their config and layers), tags, the layer chains each image
 * uses and the dataset each chain is stored in, and reference counts. SQLite through a small HikariCP pool; foreign
 * keys on; WAL journal. The schema is versioned from the first release ({@link #schemaVersion()}) and migrated
 * forward when opened.
 *
 * <p>Removal never leaves dangling state: {@link #remove} and {@link #gc} delete the image rows and return
 * a {@link Removal} naming the blobs and layer chains no remaining image references, for the caller to delete from
 * the {@link BlobStore} and the storage backend.
 *
 * <p>{@snippet :
 * try (ImageStore store = ImageStore.open(Path.of("/var/db/xc/images.sqlite"))) {
 *     StoredImage img = store.put(manifestJson, configJson);
 *     store.tag(ImageReference.parse("freebsdxc/freebsd:13.2"), img.manifest());
 * }
 * }
 *
 * <p>Thread-safe: every method runs in its own transaction on a pooled connection; writes are serialised by SQLite.
 */
public final class ImageStore implements AutoCloseable {

    private final HikariDataSource pool;

    private ImageStore(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * Opens (creating when needed) the database at {@code file} and migrates it to the current schema.
     *
     * @throws XcException {@link ErrorCode#IO_ERROR} when the file cannot be opened, or the database is newer than
     *                     this version of xc
     */
    public static ImageStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw io("cannot create the directory of the image database " + file, e);
        }
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        c.setDriverClassName("org.sqlite.JDBC");
        c.setPoolName("xc-images");
        c.setMaximumPoolSize(4);
        c.setMinimumIdle(1);
        c.addDataSourceProperty("foreign_keys", "true");
        c.addDataSourceProperty("journal_mode", "WAL");
        c.addDataSourceProperty("busy_timeout", "10000");
        c.addDataSourceProperty("synchronous", "NORMAL");
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(c);
        } catch (RuntimeException e) {
            throw io("cannot open the image database " + file, e);
        }
        ImageStore s = new ImageStore(ds);
        try {
            s.migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return s;
    }

    /** The schema version of the open database (the number of migrations applied). */
    public int schemaVersion() {
        return tx(con -> {
            try (Statement st = con.createStatement(); ResultSet rs = st.executeQuery("pragma user_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    private void migrate() {
        int have = schemaVersion();
        int want = Migrations.ALL.size();
        if (have > want) {
            throw XcException.of(ErrorCode.IO_ERROR, "the image database has schema version " + have
                    + ", newer than this xc understands (" + want + ")", "upgrade xc, or use a new database file");
        }
        for (int v = have + 1; v <= want; v++) {
            int version = v;
            tx(con -> {
                try (Statement st = con.createStatement()) {
                    for (String sql : Migrations.ALL.get(version - 1)) {
                        st.execute(sql);
                    }
                    st.execute("insert into schema_migrations(version, applied_at) values (" + version + ", "
                            + System.currentTimeMillis() / 1000 + ")");
                    st.execute("pragma user_version = " + version);
                }
                return null;
            });
        }
    }

    /**
     * Records an image from its manifest and config documents. Idempotent: putting the same manifest again changes
     * nothing.
     *
     * @throws XcException {@link ErrorCode#MALFORMED_CONTENT} when the documents are not a manifest and config, or
     *                     the layer count differs from the config's {@code diff_ids}
     */
    public StoredImage put(byte[] manifestJson, byte[] configJson) {
        OciManifest m = ImageJson.readManifest(manifestJson);
        OciImageConfig cfg = ImageJson.readConfig(configJson);
        Digest md = Digest.sha256(manifestJson);
        Digest cd = Digest.sha256(configJson);
        if (!m.config().digest().equals(cd)) {
            throw XcException.of(ErrorCode.DIGEST_MISMATCH, "image config has digest " + cd + " but manifest " + md
                    + " names " + m.config().digest(), "pull the image again");
        }
        if (m.layers().size() != cfg.diffIds().size()) {
            throw ImageJson.malformed("image manifest " + md, "has " + m.layers().size()
                    + " layers but its config lists " + cfg.diffIds().size() + " diff_ids");
        }
        tx(con -> {
            exec(con, "insert or ignore into configs(digest, json) values (?, ?)", cd.toString(), configJson);
            int inserted = exec(con, "insert or ignore into manifests(digest, media_type, json, config_digest, "
                    + "created_at) values (?, ?, ?, ?, ?)", md.toString(), m.mediaType(), manifestJson,
                    cd.toString(), System.currentTimeMillis() / 1000);
            if (inserted == 0) {
                return null;
            }
            Digest parent = null;
            for (int i = 0; i < m.layers().size(); i++) {
                OciDescriptor l = m.layers().get(i);
                Digest diff = cfg.diffIds().get(i);
                Digest chain = ImageJson.chainId(cfg.diffIds().subList(0, i + 1)).orElseThrow();
                exec(con, "insert or ignore into layers(blob_digest, diff_id, media_type, size) values (?, ?, ?, ?)",
                        l.digest().toString(), diff.toString(), l.mediaType(), l.size());
                exec(con, "insert or ignore into chains(chain_id, parent_chain_id, diff_id) values (?, ?, ?)",
                        chain.toString(), parent == null ? null : parent.toString(), diff.toString());
                exec(con, "insert into manifest_layers(manifest_digest, position, blob_digest, chain_id) "
                        + "values (?, ?, ?, ?)", md.toString(), i, l.digest().toString(), chain.toString());
                parent = chain;
            }
            return null;
        });
        return get(md).orElseThrow();
    }

    /** The image with manifest digest {@code manifest}. */
    public Optional<StoredImage> get(Digest manifest) {
        return tx(con -> load(con, manifest.toString()));
    }

    /** The manifest document of a stored image. */
    public Optional<byte[]> manifestJson(Digest manifest) {
        return tx(con -> query(con, "select json from manifests where digest = ?", rs -> rs.getBytes(1),
                manifest.toString()).stream().findFirst());
    }

    /** The config document of a stored image's config digest. */
    public Optional<byte[]> configJson(Digest config) {
        return tx(con -> query(con, "select json from configs where digest = ?", rs -> rs.getBytes(1),
                config.toString()).stream().findFirst());
    }

    /** The image a reference names: by digest when it has one, else by tag ({@code latest} when absent). */
    public Optional<StoredImage> resolve(ImageReference ref) {
        if (ref.digest().isPresent()) {
            return get(ref.digest().get());
        }
        return tx(con -> {
            List<String> d = query(con, "select manifest_digest from tags where registry = ? and repository = ? "
                    + "and tag = ?", rs -> rs.getString(1), ref.registry(), ref.repository(),
                    ref.tag().orElse(ImageReference.DEFAULT_TAG));
            return d.isEmpty() ? Optional.<StoredImage>empty() : load(con, d.getFirst());
        });
    }

    /**
     * Points the tag of {@code ref} at {@code manifest}, moving it if it pointed elsewhere.
     *
     * @throws XcException {@link ErrorCode#IMAGE_NOT_FOUND} when the image is not stored;
     *                     {@link ErrorCode#INVALID_REFERENCE} when {@code ref} carries a digest instead of a tag
     */
    public void tag(ImageReference ref, Digest manifest) {
        if (ref.digest().isPresent()) {
            throw XcException.invalid(ErrorCode.INVALID_REFERENCE, "cannot tag '" + ref + "': it names a digest",
                    "tag with a name and tag, e.g. " + ref.registry() + "/" + ref.repository() + ":latest");
        }
        tx(con -> {
            if (query(con, "select 1 from manifests where digest = ?", rs -> 1, manifest.toString()).isEmpty()) {
                throw notFound(manifest.toString());
            }
            exec(con, "insert into tags(registry, repository, tag, manifest_digest) values (?, ?, ?, ?) "
                    + "on conflict(registry, repository, tag) do update set manifest_digest = excluded.manifest_digest",
                    ref.registry(), ref.repository(), ref.tag().orElse(ImageReference.DEFAULT_TAG),
                    manifest.toString());
            return null;
        });
    }

    /** Removes a tag; the image stays until {@link #remove} or {@link #gc}. Returns whether the tag existed. */
    public boolean untag(ImageReference ref) {
        return tx(con -> exec(con, "delete from tags where registry = ? and repository = ? and tag = ?",
                ref.registry(), ref.repository(), ref.tag().orElse(ImageReference.DEFAULT_TAG)) > 0);
    }

    /** Every stored image, by manifest digest. */
    public List<StoredImage> images() {
        return tx(con -> {
            List<StoredImage> out = new ArrayList<>();
            for (String d : query(con, "select digest from manifests order by digest", rs -> rs.getString(1))) {
                load(con, d).ifPresent(out::add);
            }
            return out;
        });
    }

    /**
     * How many stored images reference {@code blob} (as manifest, config or layer); 0 when none does.
     */
    public int refCount(Digest blob) {
        return tx(con -> query(con, "select coalesce(sum(refs), 0) from blob_refs where blob = ?",
                rs -> rs.getInt(1), blob.toString()).getFirst());
    }

    /** Every blob some stored image references: the set to keep in {@link BlobStore#gc}. */
    public Set<Digest> referencedBlobs() {
        return tx(con -> {
            Set<Digest> out = new TreeSet<>();
            for (String d : query(con, "select distinct blob from blob_refs", rs -> rs.getString(1))) {
                out.add(Digest.parse(d));
            }
            return out;
        });
    }

    /** Records that layer chain {@code chainId} is stored in {@code dataset}. */
    public void setDataset(Digest chainId, String dataset) {
        tx(con -> {
            if (exec(con, "update chains set dataset = ? where chain_id = ?", dataset, chainId.toString()) == 0) {
                throw XcException.of(ErrorCode.DATASET_NOT_FOUND, "no stored image uses layer chain " + chainId,
                        "store the image first, then record where its layers are");
            }
            return null;
        });
    }

    /** The dataset layer chain {@code chainId} is stored in, when recorded. */
    public Optional<String> dataset(Digest chainId) {
        return tx(con -> query(con, "select dataset from chains where chain_id = ? and dataset is not null",
                rs -> rs.getString(1), chainId.toString()).stream().findFirst());
    }

    /**
     * Removes an image and returns what it freed.
     *
     * @param force also remove it when tags point at it (the tags go too)
     * @throws XcException {@link ErrorCode#IMAGE_NOT_FOUND} when it is not stored; {@link ErrorCode#RESOURCE_BUSY}
     *                     when it is tagged and {@code force} is false, naming the tags
     */
    public Removal remove(Digest manifest, boolean force) {
        return tx(con -> {
            Optional<StoredImage> img = load(con, manifest.toString());
            if (img.isEmpty()) {
                throw notFound(manifest.toString());
            }
            if (!img.get().tags().isEmpty() && !force) {
                throw XcException.of(ErrorCode.RESOURCE_BUSY, "image " + manifest.shortHex() + " is tagged as "
                        + String.join(", ", img.get().tags().stream().map(ImageReference::toString).toList()),
                        "untag it first, or remove it with force");
            }
            return removeAll(con, List.of(manifest.toString()));
        });
    }

    /** Removes every image no tag points at and returns what that freed. */
    public Removal gc() {
        return tx(con -> removeAll(con, query(con,
                "select digest from manifests where digest not in (select manifest_digest from tags) order by digest",
                rs -> rs.getString(1))));
    }

    private Removal removeAll(Connection con, List<String> manifests) throws SQLException {
        Set<String> blobs = new LinkedHashSet<>();
        for (String m : manifests) {
            exec(con, "delete from tags where manifest_digest = ?", m);
            exec(con, "delete from manifests where digest = ?", m);
            blobs.add(m);
        }
        List<String> configs = query(con, "select digest from configs where digest not in "
                + "(select config_digest from manifests) order by digest", rs -> rs.getString(1));
        for (String c : configs) {
            exec(con, "delete from configs where digest = ?", c);
            blobs.add(c);
        }
        List<String> layers = query(con, "select blob_digest from layers where blob_digest not in "
                + "(select blob_digest from manifest_layers) order by blob_digest", rs -> rs.getString(1));
        for (String l : layers) {
            exec(con, "delete from layers where blob_digest = ?", l);
            blobs.add(l);
        }
        List<Digest> chains = new ArrayList<>();
        Map<Digest, String> datasets = new LinkedHashMap<>();
        while (true) {
            List<String[]> free = query(con, "select chain_id, dataset from chains c where chain_id not in "
                    + "(select chain_id from manifest_layers) and not exists "
                    + "(select 1 from chains k where k.parent_chain_id = c.chain_id) order by chain_id",
                    rs -> new String[] {rs.getString(1), rs.getString(2)});
            if (free.isEmpty()) {
                break;
            }
            for (String[] f : free) {
                exec(con, "delete from chains where chain_id = ?", f[0]);
                Digest d = Digest.parse(f[0]);
                chains.add(d);
                if (f[1] != null) {
                    datasets.put(d, f[1]);
                }
            }
        }
        return new Removal(manifests.stream().map(Digest::parse).toList(),
                blobs.stream().map(Digest::parse).toList(), chains, datasets);
    }

    @Override
    public void close() {
        pool.close();
    }

    // ---- plumbing

    private Optional<StoredImage> load(Connection con, String digest) throws SQLException {
        List<String[]> m = query(con, "select media_type, config_digest from manifests where digest = ?",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, digest);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        List<StoredLayer> layers = query(con, "select l.blob_digest, l.diff_id, ml.chain_id, l.media_type, l.size "
                + "from manifest_layers ml join layers l on l.blob_digest = ml.blob_digest "
                + "where ml.manifest_digest = ? order by ml.position", rs -> new StoredLayer(
                        Digest.parse(rs.getString(1)), Digest.parse(rs.getString(2)), Digest.parse(rs.getString(3)),
                        rs.getString(4), rs.getLong(5)), digest);
        List<ImageReference> tags = query(con, "select registry, repository, tag from tags where manifest_digest = ? "
                + "order by registry, repository, tag", rs -> new ImageReference(rs.getString(1), rs.getString(2),
                        Optional.of(rs.getString(3)), Optional.empty()), digest);
        return Optional.of(new StoredImage(Digest.parse(digest), m.getFirst()[0], Digest.parse(m.getFirst()[1]),
                layers, tags));
    }

    private interface Work<T> {
        T run(Connection con) throws SQLException;
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T tx(Work<T> work) {
        try (Connection con = pool.getConnection()) {
            con.setAutoCommit(false);
            try {
                T t = work.run(con);
                con.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                con.rollback();
                throw e;
            } finally {
                con.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw io("image database error: " + e.getMessage(), e);
        }
    }

    private static int exec(Connection con, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static <T> List<T> query(Connection con, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement(sql)) {
            bind(ps, args);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static XcException notFound(String digest) {
        return XcException.of(ErrorCode.IMAGE_NOT_FOUND, "no image with manifest digest " + digest,
                "list images with 'xc image list'");
    }

    private static XcException io(String what, Throwable e) {
        return XcException.of(ErrorCode.IO_ERROR, what, "check the image database file and its directory", e);
    }
}
