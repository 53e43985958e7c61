package dev.xc.engine;

import dev.xc.api.Engine;
import dev.xc.api.EngineOptions;
import dev.xc.api.spi.Host;
import dev.xc.engine.internal.ProviderRegistry;
import dev.xc.engine.internal.XcEngine;
import dev.xc.host.LocalHost;

/**
 * Opens the in-process engine. Use this to embed xc in a JVM program running as root, or with a simulated
 * {@link Host} in tests.
 *
 * <p>{@snippet :
 * try (Engine engine = EmbeddedEngines.open(EngineOptions.defaults())) {
 *     System.out.println(engine.info().host().summary());
 * }
 * }
 */
public final class EmbeddedEngines {

    private EmbeddedEngines() {
    }

    /** Opens the engine on this machine ({@code LocalHost}), reading the configuration {@code options} name. */
    public static Engine open(EngineOptions options) {
        return open(options, LocalHost.create());
    }

    /** Opens the engine on {@code host} (the simulated FreeBSD host in tests). */
    public static Engine open(EngineOptions options, Host host) {
        ConfigLoader.Loaded loaded = ConfigLoader.system()
                .load(options.configFile(), options.stateDirectory(), options.overrides());
        return new XcEngine(loaded.config(), host, ProviderRegistry.standard(), loaded.warnings());
    }

    /** Opens the engine with a configuration built in code, on {@code host}, with providers from {@code layer}. */
    public static Engine open(EngineConfig config, Host host, ModuleLayer layer) {
        return new XcEngine(config, host, ProviderRegistry.of(layer), java.util.List.of());
    }
}
