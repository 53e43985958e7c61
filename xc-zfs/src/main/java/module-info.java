/**
 * The zfs backend: image layers, container roots and volumes as ZFS datasets and clones.
 */
module dev.xc.zfs {
    requires transitive dev.xc.api;
    requires dev.xc.host;
    requires static org.jspecify;

    exports dev.xc.zfs;

    provides dev.xc.api.spi.StorageProvider with dev.xc.zfs.ZfsProvider;
}
