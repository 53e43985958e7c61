package dev.xc.engine.internal.container;

import dev.xc.api.Console;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.ProcessExit;
import dev.xc.api.spi.SupervisedProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Consoles of container processes that run on a terminal: the main process of a container run with {@code -t}
 * ({@code xc attach}) and processes started by {@code xc exec -t}.
 *
 * <p>The terminal itself belongs to the host's supervised process ({@link dev.xc.api.spi.Console}): it keeps the last
 * MiB of output as history, appends the transcript to the process's log file, and serves any number of readers. A
 * {@link Console} handed out here is one such reader plus the keyboard: its output starts with the history, then
 * follows live; closing it detaches that client only, and the process keeps running. Detach keys are the client's
 * business (the CLI watches for Ctrl-P {@code q}); bytes written here all reach the process.
 *
 * <p>Stateless and thread-safe; each console is used by one reader and one writer thread.
 */
final class Terminals {

    /** How long {@link Console#exitStatus()} waits for the exit after the output ended. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

    private Terminals() {
    }

    /**
     * A console on {@code process}, the main process of container {@code name}, if it runs on a terminal.
     *
     * @throws XcException {@link ErrorCode#RESOURCE_BUSY} when the container has no running main process here,
     *         {@link ErrorCode#INVALID_ARGUMENT} when its main process has no terminal
     */
    static Console attach(String name, String state, Optional<SupervisedProcess> main) {
        if (main.isEmpty() || !main.get().isAlive()) {
            throw XcException.of(ErrorCode.RESOURCE_BUSY, "cannot attach to container " + name + ": its main "
                    + "process is not running (the container is " + state + ")", state.equals("running")
                    ? "the container is supervised by another engine instance; attach through the xcd that "
                    + "started it" : "start it again with xc start " + name + ", or read its output with xc logs "
                    + name);
        }
        return open(name, main.get());
    }

    /**
     * A console on {@code process} (started with a terminal).
     *
     * @throws XcException {@link ErrorCode#INVALID_ARGUMENT} when it has no terminal
     */
    static Console open(String name, SupervisedProcess process) {
        dev.xc.api.spi.Console terminal = process.console().orElseThrow(() -> XcException.invalid(
                ErrorCode.INVALID_ARGUMENT, "cannot attach to container " + name + ": its main process was started "
                        + "without a terminal", "run it with -t (xc run -t ...) to attach later; xc logs " + name
                        + " shows its output"));
        return new ProcessConsole(process, terminal);
    }

    /** One client's view of a process's terminal. */
    private static final class ProcessConsole implements Console {
        private final SupervisedProcess process;
        private final dev.xc.api.spi.Console terminal;
        private final InputStream view;
        private volatile boolean detached;
        private volatile boolean ended;
        private final InputStream output;
        private final OutputStream input;

        ProcessConsole(SupervisedProcess process, dev.xc.api.spi.Console terminal) {
            this.process = process;
            this.terminal = terminal;
            this.view = terminal.output();
            this.output = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = view.read(b, off, len);
                    if (n < 0 && !detached) {
                        ended = true;
                    }
                    return n;
                }

                @Override
                public int available() throws IOException {
                    return view.available();
                }

                @Override
                public void close() {
                    ProcessConsole.this.close();
                }
            };
            this.input = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (detached) {
                        throw new IOException("the console is closed");
                    }
                    if (len == 0) {
                        return;
                    }
                    try {
                        terminal.write(Arrays.copyOfRange(b, off, off + len));
                    } catch (UncheckedIOException e) {
                        throw e.getCause();
                    }
                }
            };
        }

        @Override
        public InputStream output() {
            return output;
        }

        @Override
        public OutputStream input() {
            return input;
        }

        @Override
        public void resize(int columns, int rows) {
            try {
                terminal.resize(columns, rows);
            } catch (IllegalArgumentException e) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, e.getMessage(),
                        "pass the terminal's columns and rows, e.g. 80x24");
            }
        }

        @Override
        public OptionalInt exitStatus() {
            if (detached || !ended) {
                return OptionalInt.empty();
            }
            Optional<ProcessExit> exit = process.exit().or(() -> process.waitFor(EXIT_WAIT));
            return exit.map(e -> OptionalInt.of(e.exitCode())).orElse(OptionalInt.empty());
        }

        @Override
        public void close() {
            if (!ended) {
                detached = true;
            }
            try {
                view.close();
            } catch (IOException e) {
                // closing a view of the terminal cannot fail
            }
        }
    }
}
