package dev.xc.engine.storage;

import dev.xc.api.spi.Host;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Storage;
import dev.xc.api.spi.StorageProvider;
import dev.xc.api.spi.Support;

import java.nio.file.Path;

/**
 * Plain-directory storage: the embedded default, and the choice for UFS hosts and development. Works on any host.
 * Setting {@code root} (in {@code backends: {directory: {root: /path}}}) moves it from {@code <state_dir>/storage}.
 */
public final class DirectoryStorageProvider implements StorageProvider {

    @Override
    public String name() {
        return "directory";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public String description() {
        return "layers, container roots and volumes as plain directories (no ZFS needed)";
    }

    @Override
    public Support isSupported(Host host) {
        return Support.yes();
    }

    @Override
    public Storage create(ProviderContext context) {
        Path root = context.setting("root").map(Path::of).orElse(context.stateDirectory().resolve("storage"));
        return new DirectoryStorage(root);
    }
}
