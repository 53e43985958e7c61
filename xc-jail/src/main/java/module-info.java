/**
 * The freebsd-jail backend: FreeBSD jails through jail_set(2), jail_remove(2) and nmount(2).
 */
module dev.xc.jail {
    requires transitive dev.xc.api;
    requires dev.xc.host;
    requires static org.jspecify;

    exports dev.xc.jail;

    provides dev.xc.api.spi.JailRuntimeProvider with dev.xc.jail.FreeBsdJailProvider;
}
