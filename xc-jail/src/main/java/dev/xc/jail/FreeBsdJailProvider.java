package dev.xc.jail;

import dev.xc.api.spi.JailRuntime;
import dev.xc.api.spi.JailRuntimeProvider;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Support;
import dev.xc.jail.internal.FreeBsdJailBackend;

/**
 * The {@code "freebsd-jail"} provider: FreeBSD jails through jail_set(2), jail_remove(2) and nmount(2).
 */
public final class FreeBsdJailProvider implements JailRuntimeProvider {

    @Override
    public String name() {
        return "freebsd-jail";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String description() {
        return "FreeBSD jails through jail_set(2), jail_get(2), jail_remove(2), nmount(2) and jexec(8)";
    }

    @Override
    public Support isSupported(Host host) {
        return Support.freeBsdOnly(host.info()).then(() -> host.kernel().isPresent() ? Support.yes()
                : Support.no("the C library of this host has no jail_set(2)/nmount(2)"));
    }

    @Override
    public JailRuntime create(ProviderContext context) {
        return new FreeBsdJailBackend(context);
    }
}
