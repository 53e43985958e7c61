package dev.xc.host.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.Console;
import dev.xc.api.spi.ProcessExit;
import dev.xc.api.spi.Signal;
import dev.xc.api.spi.SpawnRequest;
import dev.xc.api.spi.SupervisedProcess;
import dev.xc.host.Signals;
import dev.xc.host.ffi.CStrings;
import dev.xc.host.ffi.Errno;
import dev.xc.host.ffi.NativeResult;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * A process started on a new pseudo-terminal that is its standard input, output and error and its controlling
 * terminal.
 *
 * <p><b>Why this mechanism.</b> {@link ProcessBuilder} can only give a child pipes or files: it cannot start it in a
 * new session, and a process gets a controlling terminal only as a session leader. Forking from Java is not possible
 * (and not safe in a multi-threaded JVM), and shipping a native helper would mean compiling C for every target. So
 * the JVM calls the C library directly through the foreign function API: {@code openpty(3)} creates the pair, and
 * {@code posix_spawnp(3)} starts the program, which is safe from a multi-threaded process because the C library does
 * the fork-and-exec itself. On Linux (glibc 2.26 or later) the attribute {@code POSIX_SPAWN_SETSID} makes the child
 * a session leader before the file actions run, and the first file action opens the replica <em>by its path</em>
 * without {@code O_NOCTTY} onto descriptor 0, which on Linux makes it the controlling terminal; 1 and 2 are
 * duplicated from 0. FreeBSD's {@code posix_spawn} has no {@code POSIX_SPAWN_SETSID} (not in {@code include/spawn.h}
 * of the 2024 main tree), and on FreeBSD opening a terminal never makes it the controlling one: that takes
 * {@code ioctl(TIOCSCTTY)} in the child, which no spawn file action can do. There the program runs under
 * {@code script -q /dev/null}, whose child gets a fresh session and the controlling terminal by {@code login_tty(3)};
 * script relays between that inner terminal and ours. The inner terminal starts with our window size (script copies
 * its standard input's size) [UNVERIFIED on a FreeBSD host: whether later resizes reach the inner terminal]. The
 * exit status comes from a {@code waitpid(2)} on a platform thread of its own (the JDK reaps only the processes it
 * started), signals go through {@code kill(2)} ({@link Signals}), and the master side is read and written with
 * {@code read(2)}/{@code write(2)} on the descriptor, which works the same on both systems (reopening
 * {@code /proc/self/fd/N} would open a new terminal pair, not the same master).
 *
 * <p>Thread-safe.
 */
final class PtyProcess implements SupervisedProcess {

    /** Where FreeBSD keeps script(1). */
    static final String SCRIPT = "/usr/bin/script";
    /** Signals reset to their default action in the child (the JVM may ignore or handle some): HUP INT QUIT PIPE TERM. */
    private static final int[] DEFAULT_SIGNALS = {1, 2, 3, 13, 15};

    private final long pid;
    private final PtyConsole console;
    private final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();
    private final CompletableFuture<ProcessExit> reaped = new CompletableFuture<>();

    private PtyProcess(long pid, PtyConsole console) {
        this.pid = pid;
        this.console = console;
        reaped.thenCombine(console.drained(), (e, v) -> e).whenComplete((e, t) -> {
            if (t != null) {
                exit.completeExceptionally(t);
            } else {
                exit.complete(e);
            }
        });
        Thread.ofPlatform().daemon().name("xc-wait-" + pid).start(this::reap);
    }

    /**
     * Starts {@code argv} (tool path already applied) as {@code request} says, on a new terminal of 80x24 cells.
     *
     * @throws XcException {@link ErrorCode#COMMAND_FAILED} when the program cannot be started,
     *         {@link ErrorCode#HOST_UNSUPPORTED} when this C library lacks what is needed
     */
    static PtyProcess start(List<String> argv, SpawnRequest request, Command display) {
        PtyNative n = PtyNative.get();
        List<String> run = new ArrayList<>();
        if (PtyNative.FREEBSD) {
            run.addAll(List.of(SCRIPT, "-q", "/dev/null"));
        }
        run.addAll(argv);
        @Nullable OutputStream transcript = null;
        int master = -1;
        int replica = -1;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment s = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment nameBuf = arena.allocate(4096);
            n.openpty.call(m, s, nameBuf, MemorySegment.NULL, PtyNative.winsize(arena, 80, 24))
                    .orThrow("opening a pseudo-terminal for '" + display.display() + "'");
            master = m.get(ValueLayout.JAVA_INT, 0);
            replica = s.get(ValueLayout.JAVA_INT, 0);
            n.cloexec(master);
            n.cloexec(replica);
            String replicaName = CStrings.read(nameBuf, 4096);
            if (request.stdout().isPresent()) {
                Path log = request.stdout().get();
                transcript = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE);
            }
            long pid = spawn(n, arena, run, request, replica, replicaName, display);
            n.closeQuietly(replica);
            replica = -1;
            PtyConsole console = new PtyConsole(master, replicaName, transcript);
            master = -1;
            transcript = null;
            return new PtyProcess(pid, console);
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot open the transcript of '" + display.display() + "': "
                    + e.getMessage(), "check that the log directory exists and is writable", e);
        } finally {
            n.closeQuietly(replica);
            n.closeQuietly(master);
            if (transcript != null) {
                try {
                    transcript.close();
                } catch (IOException e) {
                    // nothing was written
                }
            }
        }
    }

    private static long spawn(PtyNative n, Arena arena, List<String> run, SpawnRequest request, int replica,
                              String replicaName, Command display) {
        MemorySegment actions = arena.allocate(PtyNative.OPAQUE, 16);
        MemorySegment attr = arena.allocate(PtyNative.OPAQUE, 16);
        check(n.faInit.call(actions), "posix_spawn_file_actions_init", display);
        try {
            check(n.attrInit.call(attr), "posix_spawnattr_init", display);
            try {
                if (PtyNative.FREEBSD) {
                    check(n.faAddDup2.call(actions, replica, 0), "posix_spawn_file_actions_adddup2", display);
                } else {
                    check(n.faAddOpen.call(actions, 0, CStrings.allocate(arena, replicaName), PtyNative.O_RDWR, 0),
                            "posix_spawn_file_actions_addopen", display);
                }
                check(n.faAddDup2.call(actions, 0, 1), "posix_spawn_file_actions_adddup2", display);
                check(n.faAddDup2.call(actions, 0, 2), "posix_spawn_file_actions_adddup2", display);
                if (request.workingDirectory().isPresent()) {
                    Path dir = request.workingDirectory().get();
                    if (!Files.isDirectory(dir)) {
                        throw XcException.of(ErrorCode.COMMAND_FAILED, "cannot run '" + display.display()
                                + "': working directory '" + dir + "' is not a directory",
                                "create the directory or pass an existing one");
                    }
                    check(n.faAddChdir.orElseThrow(() -> XcException.of(ErrorCode.HOST_UNSUPPORTED,
                            "this C library has no posix_spawn_file_actions_addchdir_np, so a console process "
                                    + "cannot start in '" + dir + "'", "use glibc 2.29 or later, or FreeBSD 13.1 "
                                    + "or later")).call(actions, CStrings.allocate(arena, dir.toString())),
                            "posix_spawn_file_actions_addchdir_np", display);
                }
                MemorySegment empty = arena.allocate(PtyNative.OPAQUE, 16);
                n.sigEmptySet.call(empty);
                MemorySegment defaults = arena.allocate(PtyNative.OPAQUE, 16);
                n.sigEmptySet.call(defaults);
                for (int sig : DEFAULT_SIGNALS) {
                    n.sigAddSet.call(defaults, sig);
                }
                check(n.attrSetSigMask.call(attr, empty), "posix_spawnattr_setsigmask", display);
                check(n.attrSetSigDefault.call(attr, defaults), "posix_spawnattr_setsigdefault", display);
                short flags = (short) (PtyNative.SPAWN_SETSIGMASK | PtyNative.SPAWN_SETSIGDEF
                        | (PtyNative.FREEBSD ? 0 : PtyNative.SPAWN_SETSID));
                check(n.attrSetFlags.call(attr, flags), "posix_spawnattr_setflags", display);

                MemorySegment argv = strings(arena, run);
                List<String> env = new ArrayList<>();
                for (Map.Entry<String, String> e : request.environment().entrySet()) {
                    env.add(e.getKey() + "=" + e.getValue());
                }
                MemorySegment envp = strings(arena, env);
                MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
                NativeResult r = n.spawnp.call(pid, CStrings.allocate(arena, run.getFirst()), actions, attr, argv,
                        envp);
                if (r.value() != 0) {
                    throw XcException.of(ErrorCode.COMMAND_FAILED, "cannot start program '" + display.program()
                            + "' for '" + display.display() + "' on a terminal: "
                            + Errno.host().describe((int) r.value()), "install '" + display.program()
                            + "' or configure its path; bare names are looked up on PATH");
                }
                return pid.get(ValueLayout.JAVA_INT, 0);
            } finally {
                n.attrDestroy.call(attr);
            }
        } finally {
            n.faDestroy.call(actions);
        }
    }

    private static void check(NativeResult r, String function, Command display) {
        if (r.value() != 0) {
            throw XcException.of(ErrorCode.COMMAND_FAILED, function + " failed while starting '" + display.display()
                    + "': " + Errno.host().describe((int) r.value()), "the host is short of memory or descriptors");
        }
    }

    /** A NULL-terminated array of C strings. */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, CStrings.allocate(arena, values.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private void reap() {
        PtyNative n = PtyNative.get();
        ProcessExit result;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(ValueLayout.JAVA_INT);
            while (true) {
                NativeResult r = n.waitpid.call((int) pid, status, 0);
                if (r.failed() && r.errno() == PtyNative.EINTR) {
                    continue;
                }
                result = r.failed() ? ProcessExit.exited(255) : decode(status.get(ValueLayout.JAVA_INT, 0));
                break;
            }
        } catch (RuntimeException e) {
            result = ProcessExit.exited(255);
        }
        console.processExited();
        reaped.complete(result);
    }

    /** A {@code waitpid} status: the same encoding on Linux and FreeBSD. */
    static ProcessExit decode(int status) {
        int low = status & 0x7f;
        if (low == 0) {
            return ProcessExit.exited((status >> 8) & 0xff);
        }
        return low == 0x7f ? ProcessExit.exited(255) : ProcessExit.killed(low);
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
        if (!reaped.isDone()) {
            Signals.send(pid, signal);
        }
    }

    @Override
    public Optional<Console> console() {
        return Optional.of(console);
    }

    @Override
    public String toString() {
        return "PtyProcess[pid " + pid + (exit.isDone() ? ", " + exit.join() : ", running") + "]";
    }
}
