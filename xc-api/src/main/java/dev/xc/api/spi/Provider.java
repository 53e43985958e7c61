package dev.xc.api.spi;

/**
 * A named factory for one backend kind, found with {@link java.util.ServiceLoader}. Each kind has its own sub-interface
 * ({@link JailRuntimeProvider}, {@link StorageProvider}, {@link FirewallProvider}, {@link DevfsProvider},
 * {@link TracingProvider}); a module adds a backend by declaring {@code provides <sub-interface> with <class>} and
 * nothing else changes.
 *
 * <p>The engine chooses by the name configured for the kind; with none configured, by the highest
 * {@link #priority()} among the providers whose {@link #isSupported} says yes. When none fits, start-up fails listing
 * each provider and its reason.
 *
 * @param <T> the backend interface
 */
public interface Provider<T> {

    /** The name users configure, for example {@code "zfs"}, {@code "pf"}, {@code "freebsd-jail"}. */
    String name();

    /** Higher wins when no name is configured. Built-in real backends use 100, fallbacks 10. */
    int priority();

    /** One line describing the backend, for {@code xc info}. */
    String description();

    /** Whether the backend can work on {@code host}; a "no" carries the reason. Must not change the host. */
    Support isSupported(Host host);

    /** Creates the backend. Called at most once per engine. */
    T create(ProviderContext context);
}
