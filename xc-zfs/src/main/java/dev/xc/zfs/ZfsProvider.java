package dev.xc.zfs;

import dev.xc.api.spi.Storage;
import dev.xc.api.spi.StorageProvider;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.HostInfo;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Support;
import dev.xc.zfs.internal.ZfsBackend;

/**
 * The {@code "zfs"} provider: image layers, container roots and volumes as ZFS datasets and clones.
 */
public final class ZfsProvider implements StorageProvider {

    @Override
    public String name() {
        return "zfs";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String description() {
        return "image layers, container roots and volumes as ZFS datasets and clones";
    }

    @Override
    public Support isSupported(Host host) {
        HostInfo info = host.info();
        return Support.freeBsdOnly(info).then(() -> info.zfs() ? Support.yes()
                : Support.no("ZFS is not available (load the zfs module: kldload zfs)"));
    }

    @Override
    public Storage create(ProviderContext context) {
        return new ZfsBackend(context);
    }
}
