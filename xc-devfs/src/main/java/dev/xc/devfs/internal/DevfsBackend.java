package dev.xc.devfs.internal;

import dev.xc.api.spi.DevfsManager;
import dev.xc.api.spi.NotImplemented;
import dev.xc.api.spi.ProviderContext;

import java.util.List;

/** devfs ruleset management. Its devfs(8) commands are not wired yet: every operation says so. */
public final class DevfsBackend implements DevfsManager {

    private static final String NAME = "devfs";

    public DevfsBackend(ProviderContext context) {
        // the ruleset offset comes from context settings once the commands are wired
    }

    @Override
    public int acquire(List<String> extraRules, boolean vnet) {
        throw NotImplemented.of(NAME, "generate a ruleset");
    }

    @Override
    public void release(int ruleset) {
        throw NotImplemented.of(NAME, "remove ruleset " + ruleset);
    }

    @Override
    public List<String> harmful(List<String> rules) {
        throw NotImplemented.of(NAME, "check rules for harm");
    }
}
