package dev.xc.engine.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.Problem;
import dev.xc.api.ProviderInfo;
import dev.xc.api.XcException;
import dev.xc.api.spi.DevfsProvider;
import dev.xc.api.spi.FirewallProvider;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.JailRuntimeProvider;
import dev.xc.api.spi.Provider;
import dev.xc.api.spi.StorageProvider;
import dev.xc.api.spi.Support;
import dev.xc.api.spi.TracingProvider;
import dev.xc.engine.EngineConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds backend providers with {@link ServiceLoader} and chooses one per kind.
 *
 * <p>Rules: a configured name wins and must exist and work on the host; {@code none} switches an optional kind off;
 * otherwise the supported provider of highest priority is chosen (ties broken by name, and the choice is reported).
 * Storage is required; the other kinds are optional, and a missing one becomes a warning that says what will not work.
 * A provider that fails to load is reported and skipped. All problems are collected and raised together.
 */
public final class ProviderRegistry {

    /** The provider interface of each kind. */
    public static final Map<String, Class<? extends Provider<?>>> KINDS;

    static {
        Map<String, Class<? extends Provider<?>>> m = new LinkedHashMap<>();
        m.put("storage", StorageProvider.class);
        m.put("jail", JailRuntimeProvider.class);
        m.put("firewall", FirewallProvider.class);
        m.put("devfs", DevfsProvider.class);
        m.put("tracing", TracingProvider.class);
        KINDS = java.util.Collections.unmodifiableMap(m);
    }

    private static final List<String> REQUIRED = List.of("storage");

    private static final Map<String, String> WITHOUT = Map.of(
            "jail", "containers cannot run on this host (images can still be pulled, inspected and unpacked)",
            "firewall", "container addresses are not added to firewall tables and published ports are not redirected",
            "devfs", "containers get no generated devfs ruleset",
            "tracing", "'xc trace' is not available");

    /** One kind's outcome. */
    public record Choice(String kind, Optional<Provider<?>> chosen, List<ProviderInfo> candidates,
                         Optional<String> note) {
        public Choice {
            candidates = List.copyOf(candidates);
        }
    }

    /** Every kind's outcome, plus problems found while loading. */
    public record Selection(Map<String, Choice> choices, List<String> warnings) {
        public Selection {
            choices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(choices));
            warnings = List.copyOf(warnings);
        }

        public List<ProviderInfo> providers() {
            List<ProviderInfo> all = new ArrayList<>();
            choices.values().forEach(c -> all.addAll(c.candidates()));
            return all;
        }

        public <T> Optional<Provider<T>> chosen(String kind, Class<T> type) {
            @SuppressWarnings("unchecked")
            Optional<Provider<T>> p = choices.get(kind).chosen().map(x -> (Provider<T>) x);
            return p;
        }
    }

    private final ModuleLayer layer;
    private final ClassLoader loader;

    private ProviderRegistry(ModuleLayer layer, ClassLoader loader) {
        this.layer = layer;
        this.loader = loader;
    }

    /** Providers visible to the engine's own module layer and class loader (module path and class path). */
    public static ProviderRegistry standard() {
        ModuleLayer l = ProviderRegistry.class.getModule().getLayer();
        return new ProviderRegistry(l == null ? ModuleLayer.boot() : l, ProviderRegistry.class.getClassLoader());
    }

    /** Providers in {@code layer} (and its parents), for plugins loaded into their own layer. */
    public static ProviderRegistry of(ModuleLayer layer) {
        return new ProviderRegistry(layer, null);
    }

    /** Every provider of {@code kind} found, with load failures added to {@code warnings}. */
    public List<Provider<?>> find(String kind, List<String> warnings) {
        Class<? extends Provider<?>> type = KINDS.get(kind);
        ServiceLoader<? extends Provider<?>> sl = loader == null
                ? ServiceLoader.load(layer, type) : ServiceLoader.load(type, loader);
        List<Provider<?>> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        var it = sl.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                Provider<?> p = it.next();
                if (seen.add(p.name())) {
                    out.add(p);
                }
            } catch (ServiceConfigurationError e) {
                warnings.add("a " + kind + " provider failed to load and was skipped: " + e.getMessage());
            }
        }
        out.sort(Comparator.comparingInt((Provider<?> p) -> -p.priority()).thenComparing(Provider::name));
        return out;
    }

    /**
     * Chooses a provider per kind.
     *
     * @throws XcException with {@link ErrorCode#NO_PROVIDER} listing each problem: a configured provider missing or
     *         unsupported, or a required kind with no usable provider (each candidate and its reason)
     */
    public Selection select(EngineConfig config, Host host) {
        List<String> warnings = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, Choice> choices = new LinkedHashMap<>();
        for (String kind : KINDS.keySet()) {
            List<Provider<?>> found = find(kind, warnings);
            Map<String, Support> support = new LinkedHashMap<>();
            for (Provider<?> p : found) {
                Support s;
                try {
                    s = p.isSupported(host);
                } catch (RuntimeException e) {
                    s = Support.no("its support check failed: " + e);
                }
                support.put(p.name(), s);
            }
            Optional<String> configured = config.backend(kind);
            Provider<?> chosen = null;
            String note = null;
            if (configured.isPresent() && configured.get().equals("none")) {
                note = kind + " is switched off in the configuration: " + WITHOUT.getOrDefault(kind, "");
            } else if (configured.isPresent()) {
                String name = configured.get();
                Optional<Provider<?>> p = found.stream().filter(x -> x.name().equals(name)).findFirst();
                if (p.isEmpty()) {
                    problems.add(Problem.of(ErrorCode.NO_PROVIDER,
                            "the configured " + kind + " provider '" + name + "' was not found; found: "
                                    + names(found),
                            "put the module that provides it on the module path, or set " + kind + " to one of "
                                    + names(found)));
                } else if (!support.get(name).supported()) {
                    problems.add(Problem.of(ErrorCode.NO_PROVIDER,
                            "the configured " + kind + " provider '" + name + "' does not work on this host: "
                                    + support.get(name).reason(),
                            "fix the host as the reason says, or choose another " + kind + " provider"));
                } else {
                    chosen = p.get();
                    note = "configured";
                }
            } else {
                List<Provider<?>> usable = found.stream().filter(x -> support.get(x.name()).supported()).toList();
                if (!usable.isEmpty()) {
                    chosen = usable.getFirst();
                    note = usable.size() == 1 ? "the only usable provider"
                            : "highest priority among " + names(usable);
                } else if (REQUIRED.contains(kind)) {
                    problems.add(Problem.of(ErrorCode.NO_PROVIDER,
                            "no usable " + kind + " provider" + (found.isEmpty() ? " was found" : ": " + reasons(found, support)),
                            "add a " + kind + " provider module to the module path or fix the host as the reasons say"));
                } else {
                    note = "no usable " + kind + " provider"
                            + (found.isEmpty() ? "" : " (" + reasons(found, support) + ")") + ": "
                            + WITHOUT.getOrDefault(kind, "");
                    warnings.add(note);
                }
            }
            List<ProviderInfo> infos = new ArrayList<>();
            for (Provider<?> p : found) {
                Support s = support.get(p.name());
                infos.add(new ProviderInfo(kind, p.name(), p.priority(), p.description(), s.supported(),
                        s.reason(), p == chosen));
            }
            choices.put(kind, new Choice(kind, Optional.ofNullable(chosen), infos, Optional.ofNullable(note)));
        }
        if (!problems.isEmpty()) {
            throw XcException.ofProblems(ErrorCode.NO_PROVIDER, "the engine cannot start:", problems);
        }
        return new Selection(choices, warnings);
    }

    private static String names(List<Provider<?>> ps) {
        return ps.isEmpty() ? "(none)" : String.join(", ", ps.stream().map(Provider::name).toList());
    }

    private static String reasons(List<Provider<?>> ps, Map<String, Support> support) {
        List<String> r = new ArrayList<>();
        for (Provider<?> p : ps) {
            r.add(p.name() + ": " + support.get(p.name()).reason());
        }
        return String.join("; ", r);
    }
}
