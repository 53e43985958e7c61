package dev.xc.engine.internal.volume;

import dev.xc.api.ErrorCode;
import dev.xc.engine.internal.FileTrees;
import dev.xc.api.XcException;
import dev.xc.api.image.ImageInfo;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.VolumeSpec;
import dev.xc.api.spi.Storage;
import dev.xc.api.volume.VolumeCreateRequest;
import dev.xc.api.volume.VolumeDriver;
import dev.xc.api.volume.VolumeInfo;
import dev.xc.engine.internal.state.StateStore;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Named volumes ({@code xc volume create|list|remove}): the data is made by the storage backend when it matches the
 * driver (a ZFS dataset under {@code default_volume_dataset} carrying the image's {@code zfs.*} hints and the
 * {@code -o} options as properties; a directory of the directory backend), by the engine as a plain directory under
 * {@code default_volume_directory} (or {@code STATE/volumes}) when a directory volume is asked of a ZFS host, or is
 * an existing path given with {@code -s}. The row in the state database records which, so removal deletes exactly
 * what creation made. A volume is mounted into a container by {@code -v NAME:/path} (nullfs of its directory); it
 * cannot be removed while a container (running or stopped) mounts it.
 *
 * <p>Thread-safe: creation and removal of one name are serialised here; the database row is the source of truth.
 */
public final class Volumes {

    private final VolumeStore store;
    private final StateStore db;
    private final Storage storage;
    private final String storageBackend;
    private final Path directoryRoot;
    private final Function<ImageReference, ImageInfo> images;

    /**
     * @param db the engine's state database
     * @param storage the storage backend
     * @param storageBackend the name of the storage provider ({@code zfs}, {@code directory}, ...)
     * @param directoryRoot where the engine makes plain directory volumes when the backend cannot
     * @param images image lookup, for templates
     */
    public Volumes(StateStore db, Storage storage, String storageBackend, Path directoryRoot,
                   Function<ImageReference, ImageInfo> images) {
        this.db = db;
        this.store = new VolumeStore(db);
        this.storage = storage;
        this.storageBackend = storageBackend;
        this.directoryRoot = directoryRoot;
        this.images = images;
    }

    /** The rows, for the run planner. */
    public VolumeStore store() {
        return store;
    }

    /**
     * Creates a volume as the class comment says.
     *
     * @throws XcException {@code NAME_IN_USE} when the name is taken; {@code IMAGE_NOT_FOUND} or
     *         {@code VOLUME_NOT_FOUND} for a bad template; {@code HOST_UNSUPPORTED} for the zfs driver without the
     *         zfs storage backend; {@code VOLUME_NOT_FOUND} when the device does not exist
     */
    public synchronized VolumeInfo create(VolumeCreateRequest req) {
        String name = req.name();
        if (store.find(name).isPresent()) {
            throw XcException.of(ErrorCode.NAME_IN_USE, "volume '" + name + "' already exists",
                    "choose another name, or remove it first with xc volume remove " + name);
        }
        Map<String, String> hints = new LinkedHashMap<>();
        Optional<String> template = Optional.empty();
        if (req.templateImage().isPresent()) {
            ImageReference ref = req.templateImage().get();
            String key = req.templateVolume().orElseThrow();
            VolumeSpec spec = templateSpec(ref, key);
            hints.putAll(spec.hints());
            template = Optional.of(ref + " " + key);
        }
        req.zfsOptions().forEach((k, v) -> hints.put(VolumeSpec.ZFS_PREFIX + k, v));
        if (req.driver() == VolumeDriver.ZFS && !storageBackend.equals("zfs")) {
            throw XcException.of(ErrorCode.HOST_UNSUPPORTED, "volume '" + name + "' asks for the zfs driver, but the "
                            + "storage backend is '" + storageBackend + "'",
                    "create a directory volume (xc volume create " + name + " directory), or use storage: zfs in xc.conf");
        }
        Path device;
        VolumeStore.ManagedBy by;
        if (req.device().isPresent()) {
            device = req.device().get();
            if (!Files.isDirectory(device)) {
                throw XcException.of(ErrorCode.VOLUME_NOT_FOUND, "device " + device + " of volume '" + name
                        + "' is not an existing directory", req.driver() == VolumeDriver.ZFS
                        ? "give the mount point of an existing dataset, e.g. -s /tank/data"
                        : "create the directory first, or leave out -s to let xc make one");
            }
            by = VolumeStore.ManagedBy.EXTERNAL;
        } else if (req.driver() == VolumeDriver.ZFS || storageBackend.equals("directory")) {
            device = storage.createVolume(name, hints);
            by = VolumeStore.ManagedBy.STORAGE;
        } else {
            device = directoryRoot.resolve(name);
            try {
                Files.createDirectories(directoryRoot);
                Files.createDirectory(device);
            } catch (FileAlreadyExistsException e) {
                throw XcException.of(ErrorCode.NAME_IN_USE, "directory " + device + " for volume '" + name
                        + "' already exists", "remove it, or give it as the device: -s " + device);
            } catch (IOException e) {
                throw XcException.of(ErrorCode.IO_ERROR, "cannot create directory " + device + " for volume '" + name
                        + "': " + e.getMessage(), "check default_volume_directory and its permissions", e);
            }
            by = VolumeStore.ManagedBy.DIRECTORY;
        }
        VolumeStore.Row row = new VolumeStore.Row(name, req.driver(), device, by, req.zfsOptions(), hints, template,
                db.now());
        if (!store.insert(row)) { // another engine on the same database won the race
            discard(row);
            throw XcException.of(ErrorCode.NAME_IN_USE, "volume '" + name + "' already exists",
                    "choose another name, or remove it first with xc volume remove " + name);
        }
        return info(row);
    }

    private VolumeSpec templateSpec(ImageReference ref, String key) {
        ImageInfo image = images.apply(ref);
        Map<String, VolumeSpec> mounts = image.config().mounts();
        VolumeSpec spec = mounts.get(key);
        if (spec == null) {
            spec = mounts.values().stream().filter(s -> s.destination().equals(key)).findFirst().orElse(null);
        }
        if (spec == null) {
            throw XcException.of(ErrorCode.VOLUME_NOT_FOUND, "image " + ref.familiar() + " has no volume '" + key
                    + "'" + (mounts.isEmpty() ? " (it declares none)" : " (it has: " + String.join(", ",
                    mounts.keySet()) + ")"), "name one of the image's volumes with -v, see xc image describe "
                    + ref.familiar());
        }
        return spec;
    }

    /** Every volume with its usage and the containers that mount it, by name. */
    public List<VolumeInfo> list() {
        return store.all().stream().map(this::info).toList();
    }

    /** One volume. */
    public VolumeInfo get(String name) {
        return info(require(name));
    }

    /**
     * Removes a volume and the data the engine made for it (an external device is left alone).
     *
     * @throws XcException {@code VOLUME_NOT_FOUND} when there is none; {@code RESOURCE_BUSY} naming the containers
     *         that mount it
     */
    public synchronized void remove(String name) {
        VolumeStore.Row row = require(name);
        List<VolumeStore.User> users = store.users(row.device());
        if (!users.isEmpty()) {
            throw XcException.of(ErrorCode.RESOURCE_BUSY, "volume '" + name + "' is used by " + (users.size() == 1
                            ? "container " : "containers ") + String.join(", ", users.stream()
                            .map(u -> u.container() + " (" + u.state() + ")").toList()),
                    "remove " + (users.size() == 1 ? "it" : "them") + " first: xc rm " + String.join(" ",
                            users.stream().map(VolumeStore.User::container).toList())
                            + " (xc rm -f stops a running one)");
        }
        discard(row);
        store.delete(name);
    }

    private void discard(VolumeStore.Row row) {
        switch (row.managedBy()) {
            case STORAGE -> storage.removeVolume(row.name());
            case DIRECTORY -> deleteTree(row.device());
            case EXTERNAL -> { } // not ours
        }
    }

    private VolumeStore.Row require(String name) {
        VolumeCreateRequest.checkName(name);
        return store.find(name).orElseThrow(() -> XcException.of(ErrorCode.VOLUME_NOT_FOUND,
                "no such volume " + name, "list volumes with xc volume list, or create it with xc volume create "
                        + name));
    }

    private VolumeInfo info(VolumeStore.Row row) {
        List<String> users = store.users(row.device()).stream().map(VolumeStore.User::container).toList();
        return new VolumeInfo(row.name(), row.driver(), row.device(), row.options(), List.of(), List.of(),
                usage(row), users);
    }

    private Optional<Long> usage(VolumeStore.Row row) {
        try {
            if (row.managedBy() == VolumeStore.ManagedBy.STORAGE) {
                return Optional.of(storage.usage(row.name()).usedBytes());
            }
            if (!Files.isDirectory(row.device())) {
                return Optional.empty();
            }
            AtomicLong total = new AtomicLong();
            Files.walkFileTree(row.device(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                    total.addAndGet(a.isRegularFile() ? a.size() : 0);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // unreadable entries do not count
                }
            });
            return Optional.of(total.get());
        } catch (IOException | XcException e) {
            return Optional.empty(); // usage is shown where available
        }
    }

    private static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot delete volume directory " + dir + ": " + e.getMessage(),
                    "check its permissions, then remove the volume again", e);
        }
    }
}
