package dev.xc.host;

import dev.xc.api.spi.Console;
import dev.xc.api.spi.ProcessExit;
import dev.xc.api.spi.Signal;
import dev.xc.api.spi.SupervisedProcess;
import dev.xc.host.internal.ProcessSupervisor;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process this JVM did not start (or no longer holds the {@link Process} of), supervised by pid: its exit through
 * {@link ProcessHandle#onExit()} (which works for any process on Linux and FreeBSD) and signals through
 * {@code kill(2)}. Its exit status belongs to its real parent, so {@link #onExit()} reports {@code killed(N)} when a
 * signal sent through this handle ended it and {@code exited(0)} otherwise: read that as "status unknown".
 *
 * <p>Thread-safe.
 */
public final class AdoptedProcess implements SupervisedProcess {

    private final long pid;
    private final AtomicInteger lastSignal = new AtomicInteger();
    private final CompletableFuture<ProcessExit> exit;

    private AdoptedProcess(ProcessHandle handle) {
        this.pid = handle.pid();
        this.exit = handle.onExit().thenApply(h -> lastSignal.get() == 0 ? ProcessExit.exited(0)
                : ProcessExit.killed(lastSignal.get()));
    }

    /** The process {@code pid}, if it runs. */
    public static Optional<SupervisedProcess> of(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(AdoptedProcess::new);
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public CompletableFuture<ProcessExit> onExit() {
        return exit.copy();
    }

    @Override
    public Optional<ProcessExit> waitFor(Duration timeout) {
        return ProcessSupervisor.await(exit, timeout);
    }

    @Override
    public void signal(Signal signal) {
        if (exit.isDone()) {
            return;
        }
        int n = Signals.number(signal);
        if (signal == Signal.KILL || signal == Signal.TERM) {
            lastSignal.set(n);
        }
        Signals.send(pid, signal);
    }

    @Override
    public Optional<Console> console() {
        return Optional.empty();
    }
}
