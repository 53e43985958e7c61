package dev.xc.engine.internal;

import dev.xc.api.Engine;
import dev.xc.api.EngineInfo;
import dev.xc.api.spi.DevfsManager;
import dev.xc.api.spi.Firewall;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.JailRuntime;
import dev.xc.api.spi.Provider;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Storage;
import dev.xc.api.spi.Tracer;
import dev.xc.engine.EngineConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The in-process engine: the configuration, the host, and the backends chosen for it.
 *
 * <p>Thread-safe: its state is immutable after construction; operations synchronise on what they touch.
 */
public final class XcEngine implements Engine {

    /** The version reported by {@code xc info}. */
    public static final String VERSION = Optional.ofNullable(XcEngine.class.getPackage().getImplementationVersion())
            .orElse("0.1.0-SNAPSHOT");

    private final EngineConfig config;
    private final Host host;
    private final ProviderRegistry.Selection selection;
    private final List<String> warnings;
    private final Storage storage;
    private final Optional<JailRuntime> jails;
    private final Optional<Firewall> firewall;
    private final Optional<DevfsManager> devfs;
    private final Optional<Tracer> tracer;

    public XcEngine(EngineConfig config, Host host, ProviderRegistry registry, List<String> loadWarnings) {
        this.config = config;
        this.host = host;
        this.selection = registry.select(config, host);
        List<String> w = new ArrayList<>(loadWarnings);
        w.addAll(selection.warnings());
        this.warnings = List.copyOf(w);
        this.storage = create("storage", Storage.class).orElseThrow();
        this.jails = create("jail", JailRuntime.class);
        this.firewall = create("firewall", Firewall.class);
        this.devfs = create("devfs", DevfsManager.class);
        this.tracer = create("tracing", Tracer.class);
    }

    private <T> Optional<T> create(String kind, Class<T> type) {
        Optional<Provider<T>> p = selection.chosen(kind, type);
        return p.map(pr -> pr.create(new ProviderContext(host, settingsFor(pr.name()),
                config.stateDir().resolve("backends").resolve(pr.name()))));
    }

    /**
     * What a provider sees: every {@code xc.conf} key (so the ZFS backend reads {@code image_dataset}, the devfs backend
     * {@code devfs_id_offset}), overlaid with its own {@code backends: {NAME: {...}}} section.
     */
    private java.util.Map<String, String> settingsFor(String provider) {
        java.util.Map<String, String> s = new java.util.LinkedHashMap<>(config.describe());
        s.putAll(config.settingsOf(provider));
        return s;
    }

    @Override
    public EngineInfo info() {
        List<String> setup = new ArrayList<>();
        firewall.ifPresent(f -> setup.addAll(f.setupInstructions().lines().toList()));
        return new EngineInfo(VERSION, "embedded", host.info(), selection.providers(), config.describe(), setup,
                warnings);
    }

    /** The configuration in force. */
    public EngineConfig config() {
        return config;
    }

    /** The storage backend (always present). */
    public Storage storage() {
        return storage;
    }

    public Optional<JailRuntime> jails() {
        return jails;
    }

    public Optional<Firewall> firewall() {
        return firewall;
    }

    public Optional<DevfsManager> devfs() {
        return devfs;
    }

    public Optional<Tracer> tracer() {
        return tracer;
    }

    @Override
    public void close() {
        // nothing held open yet; containers keep running after the engine closes
    }
}
