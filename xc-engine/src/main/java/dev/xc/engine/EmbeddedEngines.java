package dev.xc.engine;

import dev.xc.api.Engine;
import dev.xc.api.EngineOptions;
import dev.xc.api.spi.Host;
import dev.xc.engine.internal.ProviderRegistry;
import dev.xc.engine.internal.XcEngine;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.HostProvider;
import dev.xc.api.spi.Support;
import dev.xc.host.LocalHost;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

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

    /**
     * Opens the engine, reading the configuration {@code options} name, on the host the configuration names
     * ({@code host: local|simulated}); by default this machine when it runs FreeBSD, and elsewhere the simulated
     * FreeBSD host when it is installed (so containers run on a development machine), else this machine.
     */
    public static Engine open(EngineOptions options) {
        ConfigLoader.Loaded loaded = ConfigLoader.system()
                .load(options.configFile(), options.stateDirectory(), options.overrides());
        List<String> warnings = new ArrayList<>(loaded.warnings());
        Host host = chooseHost(loaded.config(), warnings);
        return new XcEngine(loaded.config(), host, ProviderRegistry.standard(), warnings);
    }

    private static Host chooseHost(EngineConfig config, List<String> warnings) {
        Map<String, HostProvider> found = new LinkedHashMap<>();
        for (HostProvider p : ServiceLoader.load(HostProvider.class, EmbeddedEngines.class.getClassLoader())) {
            found.putIfAbsent(p.name(), p);
        }
        Path state = config.stateDir().resolve("host");
        Optional<String> wanted = config.backend("host");
        if (wanted.isPresent()) {
            HostProvider p = found.get(wanted.get());
            if (p == null) {
                throw XcException.of(ErrorCode.NO_PROVIDER, "the configured host '" + wanted.get() + "' was not found;"
                        + " found: " + String.join(", ", found.keySet()), "set host to one of those");
            }
            Support s = p.isSupported();
            if (!s.supported()) {
                throw XcException.of(ErrorCode.NO_PROVIDER, "the configured host '" + wanted.get()
                        + "' cannot be used: " + s.reason(), "fix it as the reason says, or set host: local");
            }
            return p.create(state);
        }
        Host local = LocalHost.create();
        if (local.info().isFreeBsd()) {
            return local;
        }
        HostProvider simulated = found.get("simulated");
        if (simulated != null && simulated.isSupported().supported()) {
            warnings.add("this host runs " + local.info().osName() + ", not FreeBSD: containers run on the simulated "
                    + "FreeBSD host (jails are bubblewrap sandboxes; its kernel state lives in this process); "
                    + "set host: local to use this machine as it is");
            return simulated.create(state);
        }
        return local;
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
