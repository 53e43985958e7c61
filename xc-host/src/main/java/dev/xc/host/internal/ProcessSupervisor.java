package dev.xc.host.internal;

import dev.xc.api.spi.Console;
import dev.xc.api.spi.ProcessExit;
import dev.xc.api.spi.Signal;
import dev.xc.api.spi.SupervisedProcess;
import dev.xc.host.Signals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Supervises a process started by {@link ProcessBuilder} whose streams go to files: exit through
 * {@link Process#onExit()}, signals through {@code kill(2)}.
 *
 * <p>The JDK reports a process killed by signal N as exit value 128+N, like a shell, which a program that exits with
 * that number looks the same as. The exit is reported as {@link ProcessExit#killed(int) killed} when the value is
 * 128+N and N is a signal this supervisor sent; otherwise as a normal exit.
 */
public final class ProcessSupervisor implements SupervisedProcess {

    private final Process process;
    private final CompletableFuture<ProcessExit> exit;
    private final java.util.Set<Integer> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ProcessSupervisor(Process process) {
        this.process = process;
        this.exit = process.onExit().thenApply(p -> decode(p.exitValue()));
    }

    private ProcessExit decode(int value) {
        if (value > 128 && sent.contains(value - 128)) {
            return ProcessExit.killed(value - 128);
        }
        return ProcessExit.exited(value);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public CompletableFuture<ProcessExit> onExit() {
        return exit.copy();
    }

    @Override
    public Optional<ProcessExit> waitFor(Duration timeout) {
        return await(exit, timeout);
    }

    /** Waits up to {@code timeout} for {@code f}: empty on timeout or interrupt (the flag kept). */
    public static Optional<ProcessExit> await(CompletableFuture<ProcessExit> f, Duration timeout) {
        try {
            return Optional.of(f.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for a process failed", e.getCause());
        }
    }

    @Override
    public void signal(Signal signal) {
        if (process.isAlive()) {
            sent.add(Signals.number(signal));
            Signals.send(process.pid(), signal);
        }
    }

    /** Records that {@code signal} was sent by someone acting for this process (the simulated host). */
    public void noteSignal(Signal signal) {
        sent.add(Signals.number(signal));
    }

    @Override
    public Optional<Console> console() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ProcessSupervisor[pid " + pid() + (exit.isDone() ? ", " + exit.join() : ", running") + "]";
    }
}
