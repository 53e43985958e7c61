package dev.xc.api;

/**
 * Opens an {@link Engine}. Found with {@link java.util.ServiceLoader}: {@code dev.xc.engine} provides the in-process
 * engine ({@code "embedded"}), {@code dev.xc.client} the one that talks to a running {@code xcd} ({@code "remote"}).
 */
public interface EngineFactory {

    /** {@code "embedded"} or {@code "remote"}, or a third party's name. */
    String name();

    /**
     * Opens an engine.
     *
     * @param options where the configuration and state live; see {@link EngineOptions}
     * @throws XcException when the configuration is invalid (every bad key is listed) or a required backend kind has
     *         no usable provider
     */
    Engine open(EngineOptions options);
}
