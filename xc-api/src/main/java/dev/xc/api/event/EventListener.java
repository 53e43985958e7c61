package dev.xc.api.event;

/**
 * Receives events from long operations (pull, push, run). Called from worker threads, possibly several at once:
 * implementations must be thread-safe and return quickly. An exception thrown by a listener is ignored by the engine.
 */
@FunctionalInterface
public interface EventListener {

    /** A listener that drops everything. */
    EventListener NONE = e -> { };

    void onEvent(Event event);
}
