package dev.xc.zfs.internal;

import dev.xc.api.spi.LayerWriter;
import dev.xc.api.spi.NotImplemented;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Storage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** ZFS storage. Its zfs(8) commands are not wired yet: every operation says so. */
public final class ZfsBackend implements Storage {

    private static final String NAME = "zfs";

    public ZfsBackend(ProviderContext context) {
        // the datasets and tool path come from context settings once the commands are wired
    }

    @Override
    public boolean hasLayer(String chainId) {
        throw NotImplemented.of(NAME, "look up layer " + chainId);
    }

    @Override
    public LayerWriter beginLayer(String chainId, Optional<String> parentChainId) {
        throw NotImplemented.of(NAME, "write layer " + chainId);
    }

    @Override
    public void removeLayer(String chainId) {
        throw NotImplemented.of(NAME, "remove layer " + chainId);
    }

    @Override
    public List<String> layers() {
        throw NotImplemented.of(NAME, "list layers");
    }

    @Override
    public Path createRootfs(String containerId, Optional<String> chainId) {
        throw NotImplemented.of(NAME, "clone a container root");
    }

    @Override
    public void removeRootfs(String containerId) {
        throw NotImplemented.of(NAME, "remove a container root");
    }

    @Override
    public Path createVolume(String name, Map<String, String> hints) {
        throw NotImplemented.of(NAME, "create volume " + name);
    }

    @Override
    public void removeVolume(String name) {
        throw NotImplemented.of(NAME, "remove volume " + name);
    }

    @Override
    public long usedBytes(String id) {
        throw NotImplemented.of(NAME, "measure " + id);
    }
}
