package dev.xc.api;

/**
 * The xc engine. (Growing: the full surface lands with the model records.)
 */
public interface Engine extends AutoCloseable {

    /** Version, host facts, providers and effective configuration. */
    EngineInfo info();

    /** Releases the engine's resources; the containers it runs keep running. */
    @Override
    void close();
}
