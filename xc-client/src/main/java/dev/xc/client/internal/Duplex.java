package dev.xc.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xc.api.Console;
import dev.xc.api.ErrorCode;
import dev.xc.api.Lease;
import dev.xc.api.XcException;
import dev.xc.client.wire.Frames;
import dev.xc.client.wire.Route;
import dev.xc.client.wire.Wire;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.util.FutureCallback;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One full-duplex exchange with xcd ({@link Frames}): the request body stays open for input, resizes and the end of a
 * console or lease, while the response body carries output. Used once.
 */
final class Duplex {

    private final RemoteEngine engine;
    private final Route route;
    private final Map<String, String> params;
    private final Object header;
    private final AsyncRequestContent content = new AsyncRequestContent(Wire.FRAMES);
    private final AtomicBoolean closed = new AtomicBoolean();
    private RemoteEngine.Reply reply;
    private InputStream in;

    Duplex(RemoteEngine engine, Route route, Map<String, String> params, Object header) {
        this.engine = engine;
        this.route = route;
        this.params = params;
        this.header = header;
    }

    /** Sends the header frame and waits for the daemon's first frame: the result, or the error it throws. */
    private JsonNode open() {
        content.write(Frames.encode(Frames.JSON, engine.bytes(header)), org.eclipse.jetty.util.Callback.NOOP);
        Request req = engine.request(route, params, Map.of()).body(content);
        reply = engine.send(route, req);
        try {
            engine.failOnError(reply);
            in = reply.body();
            Optional<Frames.Frame> f = Frames.read(in);
            if (f.isEmpty() || f.get().type() != Frames.JSON) {
                throw XcException.of(ErrorCode.DAEMON_UNREACHABLE, "xcd ended " + route.method() + " "
                        + route.template() + " before it started", "check xcd's log; it may have stopped");
            }
            JsonNode n = engine.json().readTree(f.get().payload());
            if (n.has("error")) {
                throw Wire.decodeError(n.get("error"));
            }
            return n.path("result");
        } catch (IOException e) {
            end();
            throw engine.unreachable(route, e);
        } catch (RuntimeException e) {
            end();
            throw e;
        }
    }

    private void write(ByteBuffer frame) throws IOException {
        FutureCallback cb = new FutureCallback();
        content.write(frame, cb);
        try {
            cb.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing to xcd");
        } catch (ExecutionException e) {
            throw new IOException("cannot write to xcd: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Ends the request body: the daemon detaches the console or ends the lease. Idempotent. */
    private void end() {
        if (closed.compareAndSet(false, true)) {
            content.close();
        }
    }

    private void drain() {
        try (InputStream rest = in) {
            if (rest != null) {
                rest.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            // the daemon has gone: what it held is released on its side when the connection drops
        }
    }

    int exec(InputStream stdin, OutputStream stdout, OutputStream stderr) {
        open();
        Thread pump = Thread.ofVirtual().name("xc-exec-stdin").start(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n = stdin.read(buf); n >= 0 && !closed.get(); n = stdin.read(buf)) {
                    if (n > 0) {
                        write(Frames.encode(Frames.INPUT, buf, 0, n));
                    }
                }
                write(Frames.encode(Frames.INPUT_CLOSED, new byte[0]));
            } catch (IOException e) {
                // the process has exited or the daemon has gone; the output side reports which
            }
        });
        try {
            for (Optional<Frames.Frame> f = Frames.read(in); f.isPresent(); f = Frames.read(in)) {
                switch (f.get().type()) {
                    case Frames.OUTPUT -> stdout.write(f.get().payload());
                    case Frames.ERROR -> stderr.write(f.get().payload());
                    case Frames.EXIT -> {
                        stdout.flush();
                        stderr.flush();
                        return f.get().intAt(0);
                    }
                    case Frames.JSON -> {
                        JsonNode n = engine.json().readTree(f.get().payload());
                        if (n.has("error")) {
                            throw Wire.decodeError(n.get("error"));
                        }
                    }
                    default -> {
                        // unknown frames from a newer daemon are skipped
                    }
                }
            }
            throw XcException.of(ErrorCode.DAEMON_UNREACHABLE, "xcd ended exec in '" + params.get("container")
                    + "' without an exit status", "check xcd's log; it may have stopped");
        } catch (IOException e) {
            throw engine.unreachable(route, e);
        } finally {
            end();
            pump.interrupt();
            drain();
        }
    }

    Console console() {
        open();
        return new RemoteConsole();
    }

    Lease lease() {
        String container = open().path("container").asText(params.get("container"));
        return new Lease() {
            @Override
            public String container() {
                return container;
            }

            @Override
            public void close() {
                if (!closed.get()) {
                    end();
                    drain();
                }
            }
        };
    }

    private final class RemoteConsole implements Console {
        private volatile java.util.OptionalInt exitStatus = java.util.OptionalInt.empty();

        @Override
        public java.util.OptionalInt exitStatus() {
            return exitStatus;
        }

        private final InputStream output = new InputStream() {
            private byte[] chunk = new byte[0];
            private int pos;
            private boolean eof;

            private boolean fill() throws IOException {
                while (!eof && pos >= chunk.length) {
                    Optional<Frames.Frame> f = Frames.read(in);
                    if (f.isEmpty() || f.get().type() == Frames.EXIT) {
                        if (f.isPresent() && f.get().payload().length >= 4) {
                            exitStatus = java.util.OptionalInt.of(f.get().intAt(0));
                        }
                        eof = true;
                        end(); // nothing more to send: lets the daemon finish the exchange cleanly
                        drain();
                    } else if (f.get().type() == Frames.OUTPUT || f.get().type() == Frames.ERROR) {
                        chunk = f.get().payload();
                        pos = 0;
                    }
                }
                return !eof || pos < chunk.length;
            }

            @Override
            public int read() throws IOException {
                return fill() ? chunk[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (!fill()) {
                    return -1;
                }
                int n = Math.min(len, chunk.length - pos);
                System.arraycopy(chunk, pos, b, off, n);
                pos += n;
                return n;
            }
        };

        private final OutputStream input = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (closed.get()) {
                    throw new IOException("the console is closed");
                }
                if (len > 0) {
                    Duplex.this.write(Frames.encode(Frames.INPUT, b, off, len));
                }
            }
        };

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
            if (columns <= 0 || rows <= 0) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid terminal size " + columns + "x" + rows
                        + ": both must be positive", "pass the terminal's columns and rows, e.g. 80x24");
            }
            try {
                Duplex.this.write(Frames.ints(Frames.RESIZE, columns, rows));
            } catch (IOException e) {
                throw XcException.of(ErrorCode.DAEMON_UNREACHABLE, "cannot resize the console of '"
                        + params.get("container") + "': " + e.getMessage(), "", List.of(), e);
            }
        }

        @Override
        public void close() {
            end();
        }
    }
}
