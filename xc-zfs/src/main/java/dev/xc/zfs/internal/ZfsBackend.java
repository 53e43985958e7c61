package dev.xc.zfs.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.FileChange;
import dev.xc.api.spi.JailedDataset;
import dev.xc.api.spi.LayerWriter;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Storage;
import dev.xc.api.spi.StorageUsage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ZFS storage through the {@code zfs} command.
 *
 * <p>Layout: layer chain {@code sha256:<hex>} is {@code {image_dataset}/<hex>}, a clone of its parent chain's
 * {@code @xc} snapshot (or a new file system for a first layer) with the layer unpacked on top and snapshotted as
 * {@code @xc} when committed; a chain without {@code @xc} is unfinished. A container root is
 * {@code {container_dataset}/<id>}, a clone of its image's {@code @xc}, snapshotted as {@code @init} at once so
 * {@code zfs diff} can report what the container changed. A volume is {@code {default_volume_dataset}/<name>}.
 * Every dataset created here carries {@code xc:created_by=xc} and {@code xc:kind} ({@code layer}, {@code rootfs},
 * {@code volume}) plus {@code xc:chain_id}, {@code xc:container} or {@code xc:volume}; nothing without those is ever
 * destroyed. A dataset handed to a jail carries {@code xc:jail=<jail>} while the jail holds it (and
 * {@code xc:jailed_by_xc=on} when xc turned {@code jailed} on), so the tracking survives a restart.
 *
 * <p>Settings: {@code image_dataset} and {@code container_dataset} (required), {@code default_volume_dataset},
 * {@code zfs_command} (default {@code zfs}), {@code destroy_attempts} (default 3) and {@code destroy_retry_ms}
 * (default 250, doubled per attempt).
 *
 * <p>Thread-safe: ZFS serialises its own operations; handing datasets to jails is done under this object's lock.
 */
public final class ZfsBackend implements Storage {

    static final String CREATED_BY = "xc:created_by";
    static final String KIND = "xc:kind";
    static final String CHAIN = "xc:chain_id";
    static final String CONTAINER = "xc:container";
    static final String VOLUME = "xc:volume";
    static final String JAIL = "xc:jail";
    static final String JAILED_BY_XC = "xc:jailed_by_xc";
    static final String ME = "xc";
    static final String COMMITTED = "xc";
    static final String INIT = "init";

    private final ZfsCli zfs;
    private final Optional<String> imageSetting;
    private final Optional<String> containerSetting;
    private final Optional<String> volumes;
    private final int destroyAttempts;
    private final Duration retryDelay;
    private volatile Optional<Boolean> parsableList = Optional.empty();
    private volatile Optional<Set<String>> propertyNames = Optional.empty();

    public ZfsBackend(ProviderContext context) {
        this.imageSetting = dataset(context, "image_dataset");
        this.containerSetting = dataset(context, "container_dataset");
        this.volumes = dataset(context, "default_volume_dataset");
        this.zfs = new ZfsCli(context.host().commands(), context.setting("zfs_command").orElse("zfs"));
        this.destroyAttempts = number(context, "destroy_attempts", 3, 1, 20);
        this.retryDelay = Duration.ofMillis(number(context, "destroy_retry_ms", 250, 0, 60_000));
    }

    // ------------------------------------------------------------------------------------------------ layers

    @Override
    public boolean hasLayer(String chainId) {
        String ds = layerDataset(chainId);
        return zfs.get(CHAIN, ds + "@" + COMMITTED).filter(chainId::equals).isPresent();
    }

    @Override
    public LayerWriter beginLayer(String chainId, Optional<String> parentChainId) {
        String ds = layerDataset(chainId);
        if (hasLayer(chainId)) {
            throw XcException.of(ErrorCode.NAME_IN_USE, "layer chain " + chainId + " is already stored as " + ds,
                    "use the stored chain (Storage.hasLayer tells), or remove it first");
        }
        if (zfs.exists(ds)) {
            // an unfinished chain from a crash: ours (tagged) or not touched
            requireOwned(ds, "layer", chainId);
            destroy(ds, "unfinished layer chain " + chainId);
        }
        Map<String, String> props = tags("layer", CHAIN, chainId);
        if (parentChainId.isPresent()) {
            String parent = parentChainId.get();
            if (!hasLayer(parent)) {
                throw XcException.of(ErrorCode.BLOB_NOT_FOUND, "parent layer chain " + parent + " is not stored",
                        "pull the image again so its lower layers are unpacked first");
            }
            zfs.run(ZfsCli.withProps("clone", props, layerDataset(parent) + "@" + COMMITTED, ds)).orThrow();
        } else {
            zfs.run(ZfsCli.withProps("create", props, ds)).orThrow();
        }
        Path root = mountpoint(ds);
        return new ZfsLayerWriter(ds, root, chainId);
    }

    private final class ZfsLayerWriter implements LayerWriter {
        private final String ds;
        private final Path root;
        private final String chainId;
        private boolean done;

        ZfsLayerWriter(String ds, Path root, String chainId) {
            this.ds = ds;
            this.root = root;
            this.chainId = chainId;
        }

        @Override
        public Path root() {
            return root;
        }

        @Override
        public synchronized void commit() {
            if (done) {
                return;
            }
            zfs.check("snapshot", ds + "@" + COMMITTED);
            done = true;
        }

        @Override
        public synchronized void close() {
            if (!done) {
                done = true;
                destroy(ds, "unfinished layer chain " + chainId);
            }
        }
    }

    @Override
    public void removeLayer(String chainId) {
        String ds = layerDataset(chainId);
        if (!zfs.exists(ds)) {
            return;
        }
        requireOwned(ds, "layer", chainId);
        List<String> dependents = clonesOf(ds + "@" + COMMITTED);
        if (!dependents.isEmpty()) {
            throw XcException.of(ErrorCode.DATASET_IN_USE,
                    "layer chain " + chainId + " is still the origin of " + String.join(", ", dependents),
                    "remove the containers and images built on it first");
        }
        destroy(ds, "layer chain " + chainId);
    }

    @Override
    public List<String> layers() {
        CommandResult r = zfs.check("list", "-H", "-o", "name," + CHAIN, "-t", "snapshot", "-d", "2", images());
        List<String> out = new ArrayList<>();
        for (String line : r.stdoutLines()) {
            String[] f = line.split("\t", -1);
            if (f.length == 2 && f[0].startsWith(images() + "/") && f[0].endsWith("@" + COMMITTED)
                    && f[1].equals("sha256:" + f[0].substring(images().length() + 1, f[0].length() - 3))) {
                out.add(f[1]);
            }
        }
        out.sort(Comparator.naturalOrder());
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------------------------------------ containers

    @Override
    public Path createRootfs(String containerId, Optional<String> chainId) {
        String ds = containerDataset(containerId);
        if (zfs.exists(ds)) {
            throw XcException.of(ErrorCode.NAME_IN_USE, "a root for container " + containerId + " already exists",
                    "remove the old container first");
        }
        Map<String, String> props = tags("rootfs", CONTAINER, containerId);
        if (chainId.isPresent()) {
            if (!hasLayer(chainId.get())) {
                throw XcException.of(ErrorCode.IMAGE_NOT_FOUND, "layer chain " + chainId.get() + " is not stored",
                        "pull the image again");
            }
            zfs.run(ZfsCli.withProps("clone", props, layerDataset(chainId.get()) + "@" + COMMITTED, ds)).orThrow();
        } else {
            zfs.run(ZfsCli.withProps("create", props, ds)).orThrow();
        }
        CommandResult snap = zfs.run("snapshot", ds + "@" + INIT);
        if (!snap.ok()) {
            destroy(ds, "root of container " + containerId);
            snap.orThrow();
        }
        return mountpoint(ds);
    }

    @Override
    public void removeRootfs(String containerId) {
        String ds = containerDataset(containerId);
        if (!zfs.exists(ds)) {
            return;
        }
        requireOwned(ds, "rootfs", containerId);
        destroy(ds, "root of container " + containerId);
    }

    @Override
    public List<FileChange> diff(String containerId) {
        String ds = containerDataset(containerId);
        if (!zfs.exists(ds + "@" + INIT)) {
            throw XcException.of(ErrorCode.CONTAINER_NOT_FOUND, "container " + containerId + " has no root in "
                    + containers(), "create the container first");
        }
        CommandResult r = zfs.run("diff", "-H", "-F", ds + "@" + INIT, ds);
        if (ZfsCli.unrecognized(r)) {
            throw XcException.of(ErrorCode.HOST_UNSUPPORTED,
                    "this zfs has no 'diff' subcommand, so the changes in container " + containerId
                            + " cannot be listed",
                    "use OpenZFS (FreeBSD's zfs); zfs-fuse lacks zfs diff");
        }
        r.orThrow();
        List<FileChange> changes = new ArrayList<>(DiffParser.parse(r.stdoutLines(), mountpoint(ds).toString()));
        changes.removeIf(c -> c.path().equals("/") && c.kind() == FileChange.Kind.MODIFIED);
        return List.copyOf(changes);
    }

    // ------------------------------------------------------------------------------------------------ volumes

    @Override
    public Path createVolume(String name, Map<String, String> hints) {
        String parent = volumes.orElseThrow(() -> XcException.of(ErrorCode.INVALID_CONFIG,
                "cannot create volume '" + name + "': no default_volume_dataset is configured",
                "add default_volume_dataset: zroot/xc/volumes to xc.conf"));
        String ds = parent + "/" + safe(name, "volume name");
        Map<String, String> wanted = PropertyRules.validate(name, hints, propertyNames(parent));
        if (zfs.exists(ds)) {
            throw XcException.of(ErrorCode.NAME_IN_USE, "volume '" + name + "' already exists",
                    "choose another name or remove the volume first");
        }
        Map<String, String> props = tags("volume", VOLUME, name);
        props.putAll(wanted);
        CommandResult r = zfs.run(ZfsCli.withProps("create", props, ds));
        if (!r.ok()) {
            String err = r.stderrText().strip();
            if (err.contains("must be one of") || err.contains("invalid property") || err.contains("bad numeric")) {
                throw XcException.invalid(ErrorCode.INVALID_IMAGE_CONFIG,
                        "ZFS refused the hints of volume '" + name + "': " + err,
                        "this ZFS does not accept one of " + wanted + "; remove or change that hint");
            }
            r.orThrow();
        }
        return mountpoint(ds);
    }

    @Override
    public void removeVolume(String name) {
        String parent = volumes.orElseThrow(() -> XcException.of(ErrorCode.INVALID_CONFIG,
                "cannot remove volume '" + name + "': no default_volume_dataset is configured",
                "add default_volume_dataset to xc.conf"));
        String ds = parent + "/" + safe(name, "volume name");
        if (!zfs.exists(ds)) {
            return;
        }
        requireOwned(ds, "volume", name);
        destroy(ds, "volume '" + name + "'");
    }

    // ------------------------------------------------------------------------------------------------ space

    @Override
    public StorageUsage usage(String id) {
        List<String> candidates = new ArrayList<>();
        if (id.startsWith("sha256:")) {
            candidates.add(layerDataset(id));
        } else {
            safe(id, "container id or volume name");
            candidates.add(containers() + "/" + id);
            volumes.ifPresent(v -> candidates.add(v + "/" + id));
        }
        for (String ds : candidates) {
            Optional<StorageUsage> u = usageOf(ds);
            if (u.isPresent()) {
                return u.get();
            }
        }
        throw XcException.of(ErrorCode.DATASET_NOT_FOUND, "no layer chain, container root or volume named '" + id
                + "' in " + String.join(", ", candidates), "check the id with xc images, xc ps or xc volume list");
    }

    private Optional<StorageUsage> usageOf(String ds) {
        if (parsableList()) {
            CommandResult r = zfs.run("list", "-H", "-p", "-o", "name,used,avail,refer", ds);
            if (!r.ok()) {
                return missingOrThrow(r);
            }
            String[] f = r.stdoutLines().getFirst().split("\t");
            return Optional.of(new StorageUsage(num(f[1]), num(f[3]), num(f[2])));
        }
        CommandResult r = zfs.run("get", "-H", "-p", "-o", "property,value", "used,available,referenced", ds);
        if (!r.ok()) {
            return missingOrThrow(r);
        }
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : r.stdoutLines()) {
            String[] f = line.split("\t");
            m.put(f[0], num(f[1]));
        }
        return Optional.of(new StorageUsage(m.getOrDefault("used", 0L), m.getOrDefault("referenced", 0L),
                m.getOrDefault("available", 0L)));
    }

    private static Optional<StorageUsage> missingOrThrow(CommandResult r) {
        if (r.stderrText().contains("does not exist")) {
            return Optional.empty();
        }
        r.orThrow();
        return Optional.empty();
    }

    /** Whether {@code zfs list} takes {@code -p} (OpenZFS does, zfs-fuse does not); probed once. */
    boolean parsableList() {
        Optional<Boolean> known = parsableList;
        if (known.isPresent()) {
            return known.get();
        }
        CommandResult r = zfs.run("list", "-H", "-p", "-o", "name", images());
        boolean yes;
        if (r.ok()) {
            yes = true;
        } else if (r.exitCode() == 2) {
            yes = false;
        } else {
            throw XcException.of(ErrorCode.DATASET_NOT_FOUND, "image_dataset " + images() + " cannot be listed: "
                    + r.stderrText().strip(), "create it: zfs create -p " + images());
        }
        parsableList = Optional.of(yes);
        return yes;
    }

    private Set<String> propertyNames(String ds) {
        Optional<Set<String>> known = propertyNames;
        if (known.isPresent()) {
            return known.get();
        }
        CommandResult r = zfs.run("get", "-H", "-o", "property", "all", ds);
        if (!r.ok() && r.stderrText().contains("does not exist")) {
            throw XcException.of(ErrorCode.DATASET_NOT_FOUND, "default_volume_dataset " + ds + " does not exist",
                    "create it: zfs create -p " + ds);
        }
        Set<String> names = new HashSet<>(r.orThrow().stdoutLines());
        propertyNames = Optional.of(Set.copyOf(names));
        return names;
    }

    // ------------------------------------------------------------------------------------------------ jails

    @Override
    public synchronized void attachDataset(String dataset, String jail) {
        new JailedDataset(dataset, jail);
        Optional<String> type = zfs.get("type", dataset);
        if (type.isEmpty()) {
            throw XcException.of(ErrorCode.DATASET_NOT_FOUND, "dataset " + dataset + " does not exist",
                    "create it first: zfs create -p " + dataset);
        }
        if (!type.get().equals("filesystem")) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "dataset " + dataset + " is a " + type.get()
                    + " and cannot be given to a jail", "give a file system, not a snapshot or volume");
        }
        for (JailedDataset held : jailedDatasets()) {
            String d = held.dataset();
            boolean same = d.equals(dataset);
            if (same && held.jail().equals(jail)) {
                return; // already done
            }
            if (same) {
                throw inUse(dataset + " is already given to jail " + held.jail(), held);
            }
            if (d.startsWith(dataset + "/")) {
                throw inUse(dataset + " contains " + d + ", which jail " + held.jail() + " holds", held);
            }
            if (dataset.startsWith(d + "/")) {
                throw inUse(dataset + " is inside " + d + ", which jail " + held.jail() + " holds", held);
            }
        }
        CommandResult jailed = zfs.run("get", "-H", "-o", "value", "jailed", dataset);
        if (!jailed.ok() && jailed.stderrText().contains("invalid property")) {
            throw XcException.of(ErrorCode.HOST_UNSUPPORTED, "this zfs has no 'jailed' property, so " + dataset
                    + " cannot be given to jail " + jail, "jailed datasets need FreeBSD's zfs");
        }
        boolean turnedOn = false;
        if (!jailed.orThrow().stdoutText().strip().equals("on")) {
            zfs.check("set", "jailed=on", dataset);
            zfs.check("set", JAILED_BY_XC + "=on", dataset);
            turnedOn = true;
        }
        zfs.check("set", JAIL + "=" + jail, dataset);
        CommandResult r = zfs.run("jail", jail, dataset);
        if (!r.ok()) {
            zfs.run("inherit", JAIL, dataset);
            if (turnedOn) {
                zfs.run("set", "jailed=off", dataset);
                zfs.run("inherit", JAILED_BY_XC, dataset);
            }
            if (ZfsCli.unrecognized(r)) {
                throw XcException.of(ErrorCode.HOST_UNSUPPORTED, "this zfs has no 'jail' subcommand, so "
                        + dataset + " cannot be given to jail " + jail, "jailed datasets need FreeBSD's zfs");
            }
            r.orThrow();
        }
    }

    @Override
    public synchronized void detachDataset(String dataset, String jail) {
        new JailedDataset(dataset, jail);
        Optional<String> holder = localValue(JAIL, dataset);
        if (holder.isEmpty()) {
            return;
        }
        if (!holder.get().equals(jail)) {
            throw XcException.of(ErrorCode.DATASET_IN_USE, "dataset " + dataset + " is held by jail "
                    + holder.get() + ", not " + jail, "take it back from " + holder.get() + " instead");
        }
        CommandResult r = zfs.run("unjail", jail, dataset);
        boolean gone = r.exitCode() == 2 && r.stderrText().contains("invalid jail id or name");
        boolean notAttached = r.exitCode() == 1 && r.stderrText().contains("does not exist");
        if (!r.ok() && !gone && !notAttached) {
            r.orThrow();
        }
        zfs.check("inherit", JAIL, dataset);
        if (localValue(JAILED_BY_XC, dataset).isPresent()) {
            zfs.check("set", "jailed=off", dataset);
            zfs.check("inherit", JAILED_BY_XC, dataset);
        }
    }

    @Override
    public List<JailedDataset> jailedDatasets() {
        CommandResult r = zfs.check("get", "-H", "-o", "name,value", "-s", "local", JAIL);
        List<JailedDataset> out = new ArrayList<>();
        for (String line : r.stdoutLines()) {
            String[] f = line.split("\t", -1);
            if (f.length == 2 && !f[1].equals("-") && !f[0].contains("@")) {
                out.add(new JailedDataset(f[0], f[1]));
            }
        }
        out.sort(Comparator.comparing(JailedDataset::dataset));
        return List.copyOf(out);
    }

    private static XcException inUse(String what, JailedDataset held) {
        return XcException.of(ErrorCode.DATASET_IN_USE, "cannot give dataset " + what,
                "a dataset is given to one jail at a time; stop " + held.jail() + " or take "
                        + held.dataset() + " back first");
    }

    private Optional<String> localValue(String property, String ds) {
        CommandResult r = zfs.run("get", "-H", "-o", "value", "-s", "local", property, ds);
        if (!r.ok()) {
            if (r.stderrText().contains("does not exist")) {
                return Optional.empty();
            }
            r.orThrow();
        }
        List<String> lines = r.stdoutLines();
        return lines.isEmpty() || lines.getFirst().equals("-") ? Optional.empty() : Optional.of(lines.getFirst());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * {@code zfs destroy -r ds}, retried while ZFS says the dataset is busy (with a doubling delay), then a
     * {@code DATASET_IN_USE} error. {@code -r} takes the dataset's own snapshots first; clones elsewhere are never
     * destroyed here (no {@code -R}): callers refuse while there are any.
     */
    private void destroy(String ds, String what) {
        CommandResult last = null;
        for (int attempt = 1; attempt <= destroyAttempts; attempt++) {
            last = zfs.run("destroy", "-r", ds);
            if (last.ok()) {
                return;
            }
            if (!ZfsCli.busy(last)) {
                last.orThrow();
            }
            if (attempt < destroyAttempts) {
                sleep(retryDelay.multipliedBy(1L << (attempt - 1)));
            }
        }
        throw XcException.of(ErrorCode.DATASET_IN_USE, "cannot remove " + what + ": " + ds + " stayed busy after "
                        + destroyAttempts + " attempts (" + last.stderrText().strip() + ")",
                "stop what uses files under it (fstat -f " + ds + "'s mountpoint shows who), then remove it again");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw XcException.of(ErrorCode.INTERNAL, "interrupted while waiting to retry a zfs destroy",
                    "try the removal again");
        }
    }

    private List<String> clonesOf(String snapshot) {
        CommandResult r = zfs.check("list", "-H", "-o", "name,origin", "-t", "filesystem");
        List<String> out = new ArrayList<>();
        for (String line : r.stdoutLines()) {
            String[] f = line.split("\t", -1);
            if (f.length == 2 && f[1].equals(snapshot)) {
                out.add(f[0]);
            }
        }
        return out;
    }

    private void requireOwned(String ds, String kind, String id) {
        boolean mine = zfs.get(CREATED_BY, ds).filter(ME::equals).isPresent()
                && zfs.get(KIND, ds).filter(kind::equals).isPresent();
        if (!mine) {
            throw XcException.of(ErrorCode.DATASET_IN_USE, "dataset " + ds + " (for " + kind + " " + id
                            + ") was not created by xc, so xc leaves it alone",
                    "rename or remove it yourself if it is not needed (zfs destroy -r " + ds + ")");
        }
    }

    private Path mountpoint(String ds) {
        String mp = zfs.get("mountpoint", ds).orElseThrow(() -> XcException.of(ErrorCode.DATASET_NOT_FOUND,
                "dataset " + ds + " vanished while being prepared", "try again"));
        if (!mp.startsWith("/")) {
            throw XcException.of(ErrorCode.INVALID_CONFIG, "dataset " + ds + " is not mounted (mountpoint=" + mp
                    + ")", "give " + images() + " and " + containers() + " a mountpoint, e.g. zfs set mountpoint=/xc "
                    + images().split("/")[0] + "/xc");
        }
        return Path.of(mp);
    }

    private static Map<String, String> tags(String kind, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(CREATED_BY, ME);
        m.put(KIND, kind);
        m.put(key, value);
        return m;
    }

    /**
     * The configured image dataset. Checked at use rather than at start-up, so an engine that lists providers
     * without using this one still starts; a missing key fails every operation with the same message.
     */
    private String images() {
        return imageSetting.orElseThrow(() -> missing("image_dataset", "zroot/xc/datasets"));
    }

    private String containers() {
        return containerSetting.orElseThrow(() -> missing("container_dataset", "zroot/xc/run"));
    }

    String layerDataset(String chainId) {
        String hex = chainId.startsWith("sha256:") ? chainId.substring(7) : "";
        if (!hex.matches("[0-9a-f]{64}")) {
            throw XcException.invalid(ErrorCode.INVALID_DIGEST, "'" + chainId + "' is not a sha256 chain id",
                    "chain ids look like sha256:<64 hex digits>");
        }
        return images() + "/" + hex;
    }

    String containerDataset(String id) {
        return containers() + "/" + safe(id, "container id");
    }

    private static String safe(String name, String what) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}") || name.contains("..")) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "'" + name + "' is not a valid " + what,
                    "use letters, digits, '_', '.' and '-'");
        }
        return name;
    }

    private static long num(String s) {
        if (s.equals("-")) {
            return 0;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw XcException.of(ErrorCode.MALFORMED_CONTENT, "zfs printed '" + s + "' where a byte count belongs",
                    "check that the zfs command on this host is OpenZFS (-p prints exact numbers)");
        }
    }

    private static Optional<String> dataset(ProviderContext c, String key) {
        Optional<String> v = c.setting(key).map(String::strip).filter(s -> !s.isEmpty());
        v.ifPresent(s -> {
            if (!s.matches("[A-Za-z0-9][A-Za-z0-9_.:/-]*") || s.endsWith("/") || s.contains("//")) {
                throw XcException.invalid(ErrorCode.INVALID_CONFIG, key + " '" + s + "' is not a dataset name",
                        "write it as pool/path, e.g. zroot/xc/datasets");
            }
        });
        return v;
    }

    private static XcException missing(String key, String example) {
        return XcException.invalid(ErrorCode.INVALID_CONFIG, "the zfs storage backend needs " + key,
                "add " + key + ": " + example + " (a dataset that exists) to xc.conf");
    }

    private static int number(ProviderContext c, String key, int dflt, int min, int max) {
        Optional<String> v = c.setting(key);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.get().strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw XcException.invalid(ErrorCode.INVALID_CONFIG, key + " '" + v.get() + "' is not a number from " + min
                + " to " + max, "e.g. " + key + ": " + dflt);
    }
}
