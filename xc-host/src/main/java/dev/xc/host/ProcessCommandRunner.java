package dev.xc.host;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.CommandRunner;
import dev.xc.api.spi.SpawnRequest;
import dev.xc.api.spi.SupervisedProcess;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Runs host programs with {@link ProcessBuilder}: the real {@link CommandRunner}.
 *
 * <p>What it does for each {@link Command}:
 * <ul>
 *   <li>starts {@code argv} as given, without a shell: no word is ever split, globbed or joined into a string;</li>
 *   <li>adds the command's environment to the inherited one and starts in its working directory;</li>
 *   <li>writes the stdin bytes on their own thread and then closes stdin, and reads stdout and stderr fully, each on
 *       its own (virtual) thread, so a program that writes a lot before it reads cannot deadlock;</li>
 *   <li>when the timeout passes, sends SIGTERM to the program and every descendant it started
 *       ({@link ProcessHandle#descendants()}), waits a short grace period, sends SIGKILL to what is still alive, and
 *       throws {@link ErrorCode#TIMEOUT};</li>
 *   <li>returns the exit status, where a program killed by a signal reports {@code 128 + signal} (143 for SIGTERM),
 *       the shell's convention, which the JDK follows on UNIX.</li>
 * </ul>
 * Output is kept in memory in full; it is meant for tools such as {@code zfs}, {@code pfctl} and {@code ifconfig},
 * not for streaming gigabytes.
 *
 * <p><b>Tool paths.</b> A program named by a bare word ({@code zfs}) is looked up on {@code PATH}. A map of tool
 * paths overrides that per name, the way the original xc's {@code XC_ZFS_CMD} build setting did:
 * {@snippet :
 * CommandRunner runner = new ProcessCommandRunner(Map.of("zfs", Path.of("/sbin/zfs")));
 * runner.check(Command.of("zfs", "list", "-H"));   // runs /sbin/zfs list -H
 * }
 * Only {@code argv[0]} equal to a key is replaced; results and errors still show the command as the caller wrote it.
 * {@link #toolPathsFromEnvironment(Map)} reads such a map from {@code XC_<NAME>_CMD} variables.
 *
 * <p>Thread-safe: one instance may run any number of commands at once from any threads.
 */
public final class ProcessCommandRunner implements CommandRunner {

    /** How long a program may take to exit after SIGTERM before it gets SIGKILL. */
    static final Duration GRACE = Duration.ofMillis(500);

    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final Pattern TOOL_VARIABLE = Pattern.compile("XC_([A-Z0-9][A-Z0-9_]*)_CMD");
    /** The reason inside the JDK's messages: {@code error=2, No such file or directory} (older launch mechanisms)
     * and {@code Exec failed, error: 2 (No such file or directory)} (jspawnhelper). */
    private static final Pattern ERRNO_REASON =
            Pattern.compile("error=\\d+, (.+?)\\s*$|error: \\d+ \\((.+?)\\)\\s*$");

    private final Map<String, Path> toolPaths;

    /** A runner that looks every bare program name up on {@code PATH}. */
    public ProcessCommandRunner() {
        this(Map.of());
    }

    /**
     * A runner with tool-path overrides.
     *
     * @param toolPaths program name (as written in {@code argv[0]}, e.g. {@code zfs}) to the absolute path to run
     *        instead (e.g. {@code /sbin/zfs})
     * @throws XcException {@link ErrorCode#INVALID_CONFIG} when a name is not a bare program name or a path is not
     *         absolute
     */
    public ProcessCommandRunner(Map<String, Path> toolPaths) {
        TreeMap<String, Path> copy = new TreeMap<>();
        toolPaths.forEach((name, path) -> {
            if (!TOOL_NAME.matcher(name).matches()) {
                throw XcException.of(ErrorCode.INVALID_CONFIG,
                        "invalid tool name '" + name + "' in the tool paths: expected a bare program name",
                        "name the program as argv[0] spells it, without a directory, e.g. zfs=/sbin/zfs");
            }
            if (!path.isAbsolute()) {
                throw XcException.of(ErrorCode.INVALID_CONFIG,
                        "tool path for '" + name + "' must be absolute, got '" + path + "'",
                        "give the full path, e.g. " + name + "=/sbin/" + name);
            }
            copy.put(name, path);
        });
        this.toolPaths = Collections.unmodifiableMap(copy);
    }

    /**
     * Reads tool-path overrides from environment variables named {@code XC_<NAME>_CMD}: {@code XC_ZFS_CMD=/sbin/zfs}
     * maps {@code zfs}, {@code XC_PFCTL_CMD} maps {@code pfctl}. The name is lower-cased; an underscore in it stands
     * for a dash ({@code XC_FOO_BAR_CMD} maps {@code foo-bar}). Empty values are ignored.
     *
     * @param environment usually {@link System#getenv()}
     * @return the overrides found, sorted by name
     */
    public static Map<String, Path> toolPathsFromEnvironment(Map<String, String> environment) {
        TreeMap<String, Path> found = new TreeMap<>();
        environment.forEach((key, value) -> {
            Matcher m = TOOL_VARIABLE.matcher(key);
            if (m.matches() && !value.isEmpty()) {
                found.put(m.group(1).toLowerCase(Locale.ROOT).replace('_', '-'), Path.of(value));
            }
        });
        return Collections.unmodifiableMap(found);
    }

    /** The tool-path overrides, sorted by program name. */
    public Map<String, Path> toolPaths() {
        return toolPaths;
    }

    /** The override for {@code program}, if one is configured. */
    public Optional<Path> toolPath(String program) {
        return Optional.ofNullable(toolPaths.get(program));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Blocks until the program exits (and its output is read) or the command's timeout passes.
     *
     * @throws XcException {@link ErrorCode#COMMAND_FAILED} when the program cannot be started (not found, not
     *         executable, missing working directory) or the calling thread is interrupted (the program is killed);
     *         {@link ErrorCode#TIMEOUT} when the timeout passes (the program and its descendants are killed);
     *         {@link ErrorCode#IO_ERROR} when its output cannot be read
     */
    @Override
    public CommandResult run(Command command) {
        List<String> argv = new ArrayList<>(command.argv());
        @Nullable Path override = toolPaths.get(command.program());
        if (override != null) {
            argv.set(0, override.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(command.environment());
        if (command.workingDirectory().isPresent()) {
            Path dir = command.workingDirectory().get();
            if (!Files.isDirectory(dir)) {
                throw XcException.of(ErrorCode.COMMAND_FAILED,
                        "cannot run '" + command.display() + "': working directory '" + dir + "' is not a directory",
                        "create the directory or pass an existing one to Command.withWorkingDirectory");
            }
            builder.directory(dir.toFile());
        }

        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException | UnsupportedOperationException e) {
            throw cannotStart(command, override, e);
        }
        Drain stdout = new Drain(process.getInputStream());
        Drain stderr = new Drain(process.getErrorStream());
        feed(process.getOutputStream(), command.stdin());

        long deadline = start + saturatedNanos(command.timeout());
        boolean exited;
        try {
            exited = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw XcException.of(ErrorCode.COMMAND_FAILED,
                    "interrupted while waiting for '" + command.display() + "'; the program was killed",
                    "the caller was cancelled; run the command again if it is still needed", e);
        }
        if (!exited) {
            killTree(process);
            throw timedOut(command, "");
        }
        int exitCode = process.exitValue();
        // the pipes close when the program exits, unless something it started still holds them
        long drainDeadline = Math.max(deadline, System.nanoTime() + GRACE.toNanos());
        if (!stdout.await(drainDeadline) || !stderr.await(drainDeadline)) {
            throw timedOut(command, " (it exited with status " + exitCode
                    + " but something it started kept its output open)");
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new CommandResult(command, exitCode, stdout.bytes(command, "stdout"),
                stderr.bytes(command, "stderr"), elapsed);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Without a console the program is started by {@link ProcessBuilder} with the request's environment only
     * (the JVM's is cleared), stdin from its file or {@code /dev/null}, and stdout and stderr appended to their files
     * (or discarded). With a console see {@link dev.xc.host.internal.PtyConsole}.
     *
     * @throws XcException {@link ErrorCode#COMMAND_FAILED} when the program cannot be started
     */
    @Override
    public SupervisedProcess spawn(SpawnRequest request) {
        List<String> argv = new ArrayList<>(request.argv());
        @Nullable Path override = toolPaths.get(request.program());
        if (override != null) {
            argv.set(0, override.toString());
        }
        Command display = Command.of(request.argv());
        if (request.console()) {
            return dev.xc.host.internal.PtyConsole.spawn(argv, request, display);
        }
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().putAll(request.environment());
        request.workingDirectory().ifPresent(d -> builder.directory(d.toFile()));
        builder.redirectInput(request.stdin().map(p -> ProcessBuilder.Redirect.from(p.toFile()))
                .orElse(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))));
        builder.redirectOutput(request.stdout().map(p -> ProcessBuilder.Redirect.appendTo(p.toFile()))
                .orElse(ProcessBuilder.Redirect.DISCARD));
        builder.redirectError(request.stderr().map(p -> ProcessBuilder.Redirect.appendTo(p.toFile()))
                .orElse(ProcessBuilder.Redirect.DISCARD));
        try {
            return new dev.xc.host.internal.ProcessSupervisor(builder.start());
        } catch (IOException | UnsupportedOperationException e) {
            throw cannotStart(display, override, e);
        }
    }

    /** {@inheritDoc} Signals go through {@code kill(2)} ({@link Signals}). */
    @Override
    public java.util.Optional<SupervisedProcess> adopt(long pid) {
        return AdoptedProcess.of(pid);
    }

    @Override
    public String toString() {
        return "ProcessCommandRunner" + toolPaths;
    }

    private static XcException cannotStart(Command command, @Nullable Path override, Exception e) {
        String program = command.program();
        String reason = reason(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        String what = override == null ? "'" + program + "'" : "'" + program + "' (configured as " + override + ")";
        return XcException.of(ErrorCode.COMMAND_FAILED,
                "cannot start program " + what + " for '" + command.display() + "': " + reason,
                "install '" + program + "' or configure its path (a tool path such as " + program + "=/usr/sbin/"
                        + program + "); bare names are looked up on PATH", e);
    }

    /** The operating system's reason in a JDK start-failure message, or the whole message. */
    static String reason(String message) {
        Matcher m = ERRNO_REASON.matcher(message);
        if (m.find()) {
            return m.group(1) != null ? m.group(1) : m.group(2);
        }
        return message;
    }

    private static XcException timedOut(Command command, String detail) {
        return XcException.of(ErrorCode.TIMEOUT,
                "'" + command.display() + "' did not finish within " + describe(command.timeout())
                        + " and was killed" + detail,
                "give the command a longer timeout (Command.withTimeout) or find out why it hangs");
    }

    /** {@code 300 ms}, {@code 30 s}, {@code 2 min}: the timeout as people write it. */
    static String describe(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000 || ms % 1000 != 0) {
            return ms + " ms";
        }
        long s = ms / 1000;
        return s % 60 == 0 ? s / 60 + " min" : s + " s";
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** Writes {@code bytes} to the program's stdin on a virtual thread, then closes it. */
    private static void feed(OutputStream stdin, byte[] bytes) {
        if (bytes.length == 0) {
            closeQuietly(stdin);
            return;
        }
        Thread.ofVirtual().name("xc-stdin").start(() -> {
            try (stdin) {
                stdin.write(bytes);
            } catch (IOException e) {
                // the program exited or closed its stdin before reading everything: what it read is its business
            }
        });
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // nothing was written, so nothing is lost
        }
    }

    /** SIGTERM to the program and its descendants, SIGKILL after {@link #GRACE} to whatever still lives. */
    static void killTree(Process process) {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        process.destroy();
        family.forEach(ProcessHandle::destroy);
        long graceEnd = System.nanoTime() + GRACE.toNanos();
        try {
            process.waitFor(GRACE.toNanos(), TimeUnit.NANOSECONDS);
            for (ProcessHandle h : family) {
                long left = graceEnd - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                if (h.isAlive()) {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // grace period over: SIGKILL follows
        }
        if (process.isAlive()) {
            family.addAll(process.descendants().toList());
        }
        family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one output stream of the program to its end on a virtual thread. */
    private static final class Drain {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;
        private volatile @Nullable IOException failure;

        Drain(InputStream in) {
            this.thread = Thread.ofVirtual().name("xc-output").start(() -> {
                byte[] chunk = new byte[16 * 1024];
                try (in) {
                    int n;
                    while ((n = in.read(chunk)) >= 0) {
                        synchronized (buffer) {
                            buffer.write(chunk, 0, n);
                        }
                    }
                } catch (IOException e) {
                    failure = e;
                }
            });
        }

        /** Waits for the end of the stream until {@code deadline} ({@link System#nanoTime()} based). */
        boolean await(long deadline) {
            try {
                long left = deadline - System.nanoTime();
                return thread.join(Duration.ofNanos(Math.max(1, left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        byte[] bytes(Command command, String stream) {
            IOException e = failure;
            if (e != null) {
                throw XcException.of(ErrorCode.IO_ERROR,
                        "reading " + stream + " of '" + command.display() + "' failed: " + e.getMessage(),
                        "run the command again; if it keeps failing, check the host's process limits", e);
            }
            synchronized (buffer) {
                return buffer.toByteArray();
            }
        }
    }
}
