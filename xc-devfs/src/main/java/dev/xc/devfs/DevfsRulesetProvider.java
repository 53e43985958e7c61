package dev.xc.devfs;

import dev.xc.api.spi.DevfsManager;
import dev.xc.api.spi.DevfsProvider;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Support;
import dev.xc.devfs.internal.DevfsBackend;

/**
 * The {@code "devfs"} provider: devfs rulesets generated per image, shared and reference-counted.
 */
public final class DevfsRulesetProvider implements DevfsProvider {

    @Override
    public String name() {
        return "devfs";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String description() {
        return "devfs rulesets generated per container, shared, reference-counted, harmful rules approved per image";
    }

    @Override
    public Support isSupported(Host host) {
        return Support.freeBsdOnly(host.info());
    }

    @Override
    public DevfsManager create(ProviderContext context) {
        return new DevfsBackend(context);
    }
}
