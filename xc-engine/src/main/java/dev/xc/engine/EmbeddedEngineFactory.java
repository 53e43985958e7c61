package dev.xc.engine;

import dev.xc.api.Engine;
import dev.xc.api.EngineFactory;
import dev.xc.api.EngineOptions;

/** The {@code "embedded"} {@link EngineFactory}: the engine in this process, on this machine. */
public final class EmbeddedEngineFactory implements EngineFactory {

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public Engine open(EngineOptions options) {
        return EmbeddedEngines.open(options);
    }
}
