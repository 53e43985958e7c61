package dev.xc.api.spi;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A long-running process started by {@link CommandRunner#spawn}: its pid, its exit, signals, and its console when
 * it has one. Implementations are thread-safe.
 */
public interface SupervisedProcess {

    /** The host pid of the process that was started (for a jailed process: {@code jexec}, which execs the command). */
    long pid();

    /** Completes once the process has exited and its output has been written to its files. */
    CompletableFuture<ProcessExit> onExit();

    /** How it exited, if it has. */
    default Optional<ProcessExit> exit() {
        CompletableFuture<ProcessExit> f = onExit();
        return f.isDone() ? Optional.of(f.join()) : Optional.empty();
    }

    /** Waits up to {@code timeout} for the exit. */
    Optional<ProcessExit> waitFor(Duration timeout);

    /** Sends {@code signal}; does nothing once the process has exited. */
    void signal(Signal signal);

    /** Whether the process is still running. */
    default boolean isAlive() {
        return !onExit().isDone();
    }

    /** The console, for processes started with {@link SpawnRequest#console()}. */
    Optional<Console> console();
}
