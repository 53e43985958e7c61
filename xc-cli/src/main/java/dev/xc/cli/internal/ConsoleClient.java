package dev.xc.cli.internal;

import dev.xc.api.Console;
import dev.xc.host.DetachFilter;
import dev.xc.host.Terminal;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * The client side of an attached console ({@code xc attach}, {@code xc run -t}, {@code xc exec -t}): keystrokes go
 * to the console, its output to standard output, until the process ends or the user types Ctrl-P {@code q}
 * ({@link DetachFilter}), which detaches and prints {@code detached from NAME} on standard error.
 *
 * <p>When standard input is this process's terminal, it is put in raw mode for the duration (every key, Ctrl-C
 * included, reaches the container's terminal, which echoes and edits lines itself), the container's terminal gets
 * our size at once and again whenever it changes (checked four times a second: the JVM cannot catch
 * {@code SIGWINCH}). Otherwise (a pipe, a file, a test) the input is passed on as it comes; its end does not detach:
 * the output is shown until the process ends.
 */
final class ConsoleClient {

    private static final long SIZE_POLL_MILLIS = 250;

    private ConsoleClient() {
    }

    /**
     * How an attachment ended.
     *
     * @param detached whether the user typed the detach sequence (the process keeps running)
     * @param exitStatus the process's exit status when it ended and the engine knows it
     */
    record Outcome(boolean detached, OptionalInt exitStatus) {
    }

    /** Attaches the command's streams to {@code console}; {@code in} is standard input. Blocks until the end. */
    static Outcome run(CommandSpec spec, Console console, String name, InputStream in) {
        boolean terminal = in == System.in && Terminal.isTerminal(0);
        try (ContainerCommands.WriterStream screen = new ContainerCommands.WriterStream(spec.commandLine().getOut())) {
            return run(console, name, in, screen, spec.commandLine().getErr(), terminal);
        }
    }

    static Outcome run(Console console, String name, InputStream in, OutputStream screen, PrintWriter err,
                       boolean terminal) {
        @Nullable Terminal raw = null;
        @Nullable Thread sizes = null;
        AtomicBoolean detached = new AtomicBoolean();
        try {
            if (terminal) {
                raw = Terminal.raw(0);
                sizes = Thread.ofVirtual().name("xc-console-size").start(() -> followSize(console));
            }
            Thread keys = Thread.ofVirtual().name("xc-console-keys").start(() -> {
                DetachFilter filter = new DetachFilter();
                byte[] buf = new byte[4096];
                try {
                    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                        DetachFilter.Result r = filter.filter(buf, 0, n);
                        if (r.pass().length > 0) {
                            console.input().write(r.pass());
                            console.input().flush();
                        }
                        if (r.detach()) {
                            detached.set(true);
                            console.close();
                            return;
                        }
                    }
                    byte[] rest = filter.finish();
                    if (rest.length > 0) {
                        console.input().write(rest);
                        console.input().flush();
                    }
                } catch (IOException | RuntimeException e) {
                    // the process has exited or the daemon has gone: the output side ends as well
                }
            });
            byte[] buf = new byte[8192];
            InputStream output = console.output();
            try {
                for (int n = output.read(buf); n >= 0; n = output.read(buf)) {
                    screen.write(buf, 0, n);
                    screen.flush();
                }
            } catch (IOException e) {
                // the daemon has gone; what was shown is all there is
            }
            if (!detached.get()) {
                keys.interrupt();
            }
        } finally {
            if (sizes != null) {
                sizes.interrupt();
            }
            if (raw != null) {
                raw.close();
            }
        }
        if (detached.get()) {
            err.println("detached from " + name);
            err.flush();
            return new Outcome(true, OptionalInt.empty());
        }
        OptionalInt status = console.exitStatus();
        console.close();
        return new Outcome(false, status);
    }

    private static void followSize(Console console) {
        Optional<Terminal.Size> last = Optional.empty();
        while (!Thread.currentThread().isInterrupted()) {
            Optional<Terminal.Size> now = Terminal.size(0);
            if (now.isPresent() && !now.equals(last) && now.get().columns() > 0 && now.get().rows() > 0) {
                try {
                    console.resize(now.get().columns(), now.get().rows());
                } catch (RuntimeException e) {
                    return; // the console has gone
                }
                last = now;
            }
            try {
                Thread.sleep(SIZE_POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
