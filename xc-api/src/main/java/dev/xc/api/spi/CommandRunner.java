package dev.xc.api.spi;

/**
 * Runs host programs. The only way backends start processes: the real one lives in {@code dev.xc.host}, the simulated
 * FreeBSD host in {@code dev.xc.testkit} answers the same calls.
 *
 * <p>Implementations are thread-safe. {@link #run} blocks until the program exits or its timeout passes.
 */
public interface CommandRunner {

    /**
     * Runs {@code command} to completion and returns what it produced, whatever its exit status.
     *
     * @throws dev.xc.api.XcException.HostFailure with {@code COMMAND_FAILED} when the program cannot be started
     *         (not found, not executable), with {@code TIMEOUT} when it outlives its timeout (it is then killed)
     */
    CommandResult run(Command command);

    /**
     * Starts a long-running program and returns at once with a handle that supervises it: exit status, signals,
     * output appended to files, and a pseudo-terminal console when asked for. The only way backends start programs
     * that outlive a call.
     *
     * @throws dev.xc.api.XcException.HostFailure with {@code COMMAND_FAILED} when the program cannot be started
     * @throws dev.xc.api.XcException.Unsupported with {@code NOT_IMPLEMENTED} from runners that cannot spawn
     */
    default SupervisedProcess spawn(SpawnRequest request) {
        throw NotImplemented.of(getClass().getSimpleName(), "spawn supervised processes ('" + request.program()
                + "')");
    }

    /**
     * Supervises {@code pid}, a program {@link #spawn} started earlier, possibly in another JVM (a daemon that was
     * killed and restarted): its exit and signals. Such a process is not a child of this JVM, so its exit status
     * cannot be read: {@link SupervisedProcess#onExit()} reports {@code killed(N)} when a signal sent through the
     * returned handle ended it, and {@code exited(0)} otherwise, which callers must treat as "status unknown".
     *
     * @return the supervisor; empty when no process {@code pid} runs
     * @throws dev.xc.api.XcException.Unsupported with {@code NOT_IMPLEMENTED} from runners that cannot adopt
     */
    default java.util.Optional<SupervisedProcess> adopt(long pid) {
        throw NotImplemented.of(getClass().getSimpleName(), "adopt process " + pid);
    }

    /** Runs {@code command} and fails with {@code COMMAND_FAILED}, naming it and its stderr, unless it exits 0. */
    default CommandResult check(Command command) {
        return run(command).orThrow();
    }
}
