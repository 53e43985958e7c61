package dev.xc.host.internal;

import dev.xc.api.spi.Console;
import dev.xc.api.spi.SpawnRequest;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.SupervisedProcess;
import dev.xc.host.DetachFilter;
import dev.xc.host.ffi.NativeResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * The console of a process on a pseudo-terminal: owns the master side, keeps the last {@link #HISTORY_BYTES} bytes of
 * output in one ring buffer, appends the transcript to the log file, and serves any number of readers, each at its
 * own offset in the ring (a new reader starts at the oldest byte kept, so it sees the history first). One platform
 * thread reads the master with {@code poll(2)} and {@code read(2)}: the output ends when the replica is closed by
 * everyone (Linux: {@code EIO}; FreeBSD: end of file), or when the process has exited and nothing more came for a
 * little while (a background process that keeps the terminal open does not keep the console alive).
 *
 * <p>The master descriptor is closed once the reader is done and no write or resize is in flight, so a descriptor
 * number is never used after it was handed back to the system. Thread-safe.
 */
public final class PtyConsole implements Console {

    private static final int POLL_MILLIS = 100;
    /** Polls without output after the exit before the output is considered over. */
    private static final int IDLE_POLLS_AFTER_EXIT = 3;

    private final PtyNative n = PtyNative.get();
    private final int master;
    private final String name;
    private final byte[] ring = new byte[HISTORY_BYTES];
    private long total;
    private boolean ended;
    private final Object fdLock = new Object();
    private int users;
    private boolean fdOpen = true;
    private boolean closeWanted;
    private final @Nullable OutputStream transcript;
    private final AtomicBoolean processExited = new AtomicBoolean();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    PtyConsole(int master, String name, @Nullable OutputStream transcript) {
        this.master = master;
        this.name = name;
        this.transcript = transcript;
        Thread.ofPlatform().daemon().name("xc-pty-" + name).start(this::pump);
    }

    /** Starts {@code argv} on a new pseudo-terminal; see {@link PtyProcess}. */
    public static SupervisedProcess spawn(List<String> argv, SpawnRequest request, Command display) {
        return PtyProcess.start(argv, request, display);
    }

    /** Tells the reader that the process has exited, so lingering holders of the terminal do not keep it open. */
    void processExited() {
        processExited.set(true);
    }

    /** Completes when all output has been read and written to the transcript. */
    CompletableFuture<Void> drained() {
        return drained;
    }

    private void pump() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pfd = arena.allocate(8, 8);
            MemorySegment buf = arena.allocate(16 * 1024);
            int idle = 0;
            while (true) {
                pfd.set(ValueLayout.JAVA_INT, 0, master);
                pfd.set(ValueLayout.JAVA_SHORT, 4, PtyNative.POLLIN);
                pfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                NativeResult p = n.poll.call(pfd, PtyNative.FREEBSD ? (Object) 1 : (Object) 1L, POLL_MILLIS);
                if (p.failed()) {
                    if (p.errno() == PtyNative.EINTR) {
                        continue;
                    }
                    break;
                }
                if (p.value() == 0) {
                    if (processExited.get() && ++idle >= IDLE_POLLS_AFTER_EXIT) {
                        break;
                    }
                    continue;
                }
                idle = 0;
                NativeResult r = n.read.call(master, buf, buf.byteSize());
                if (r.value() > 0) {
                    append(buf.asSlice(0, r.value()).toArray(ValueLayout.JAVA_BYTE));
                } else if (!(r.failed() && r.errno() == PtyNative.EINTR)) {
                    break; // 0: end of file (FreeBSD); EIO: every replica descriptor is closed (Linux)
                }
            }
        } catch (RuntimeException e) {
            // a failed native call ends the output like an end of file
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
            synchronized (fdLock) {
                closeWanted = true;
                closeIfUnused();
            }
            if (transcript != null) {
                try {
                    transcript.close();
                } catch (IOException e) {
                    // the transcript is a log; the console itself is fine
                }
            }
            drained.complete(null);
        }
    }

    private void append(byte[] bytes) {
        synchronized (this) {
            int from = 0;
            int len = bytes.length;
            if (len > ring.length) {
                from = len - ring.length;
                total += from;
                len = ring.length;
            }
            int at = (int) (total % ring.length);
            int first = Math.min(len, ring.length - at);
            System.arraycopy(bytes, from, ring, at, first);
            System.arraycopy(bytes, from + first, ring, 0, len - first);
            total += len;
            notifyAll();
        }
        if (transcript != null) {
            try {
                transcript.write(bytes);
                transcript.flush();
            } catch (IOException e) {
                // the log file is gone or full: the live console keeps working
            }
        }
    }

    private boolean acquire() {
        synchronized (fdLock) {
            if (!fdOpen || closeWanted) {
                return false;
            }
            users++;
            return true;
        }
    }

    private void release() {
        synchronized (fdLock) {
            users--;
            closeIfUnused();
        }
    }

    private void closeIfUnused() {
        if (closeWanted && fdOpen && users == 0) {
            fdOpen = false;
            n.closeQuietly(master);
        }
    }

    /** Whether the output has ended. */
    public synchronized boolean ended() {
        return ended;
    }

    @Override
    public synchronized byte[] history() {
        long start = Math.max(0, total - ring.length);
        byte[] out = new byte[(int) (total - start)];
        copy(start, out, 0, out.length);
        return out;
    }

    /** Copies {@code len} bytes of the stream from offset {@code pos}; the caller holds the monitor. */
    private void copy(long pos, byte[] to, int off, int len) {
        int at = (int) (pos % ring.length);
        int first = Math.min(len, ring.length - at);
        System.arraycopy(ring, at, to, off, first);
        System.arraycopy(ring, 0, to, off + first, len - first);
    }

    @Override
    public InputStream output() {
        synchronized (this) {
            return new View(Math.max(0, total - ring.length));
        }
    }

    @Override
    public void write(byte[] bytes) {
        if (!acquire()) {
            throw new UncheckedIOException(new IOException("the terminal " + name + " has closed"));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, 0, bytes.length);
            long done = 0;
            while (done < bytes.length) {
                NativeResult r = n.write.call(master, seg.asSlice(done), (long) bytes.length - done);
                if (r.failed()) {
                    if (r.errno() == PtyNative.EINTR) {
                        continue;
                    }
                    throw new UncheckedIOException(new IOException("writing to the terminal " + name + " failed: "
                            + r.errnoName()));
                }
                done += r.value();
            }
        } finally {
            release();
        }
    }

    @Override
    public void resize(int columns, int rows) {
        if (columns < 1 || columns > 65535 || rows < 1 || rows > 65535) {
            throw new IllegalArgumentException("invalid terminal size " + columns + "x" + rows
                    + ": columns and rows must be between 1 and 65535");
        }
        if (!acquire()) {
            return;
        }
        try {
            n.setWindowSize(master, columns, rows).orThrow("resizing the terminal " + name);
        } finally {
            release();
        }
    }

    @Override
    public Detach attach(InputStream keyboard, OutputStream screen) {
        InputStream view = output();
        AtomicBoolean exited = new AtomicBoolean();
        Thread copier = Thread.ofVirtual().name("xc-pty-attach").start(() -> {
            try (view) {
                view.transferTo(screen);
                screen.flush();
                exited.set(ended());
            } catch (IOException e) {
                // the client's screen has gone: the keyboard side notices
            }
        });
        DetachFilter filter = new DetachFilter();
        byte[] buf = new byte[4096];
        try {
            while (true) {
                if (exited.get()) {
                    return Detach.EXITED;
                }
                int k = keyboard.read(buf);
                if (k < 0) {
                    byte[] rest = filter.finish();
                    if (rest.length > 0 && !ended()) {
                        write(rest);
                    }
                    return ended() ? Detach.EXITED : Detach.INPUT_CLOSED;
                }
                DetachFilter.Result r = filter.filter(buf, 0, k);
                if (r.pass().length > 0 && !ended()) {
                    write(r.pass());
                }
                if (r.detach()) {
                    return Detach.DETACHED;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return ended() ? Detach.EXITED : Detach.INPUT_CLOSED;
        } finally {
            try {
                view.close();
            } catch (IOException e) {
                // closing a view cannot fail
            }
            try {
                copier.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "PtyConsole[" + name + (ended() ? ", closed" : "") + "]";
    }

    /** One reader's position in the ring. */
    private final class View extends InputStream {
        private long pos;
        private boolean closed;

        View(long pos) {
            this.pos = pos;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            synchronized (PtyConsole.this) {
                while (!closed && pos >= total && !ended) {
                    try {
                        PtyConsole.this.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted while waiting for terminal output");
                    }
                }
                if (closed || pos >= total) {
                    return -1;
                }
                pos = Math.max(pos, total - ring.length);
                int k = (int) Math.min(len, total - pos);
                copy(pos, b, off, k);
                pos += k;
                return k;
            }
        }

        @Override
        public int available() {
            synchronized (PtyConsole.this) {
                return closed ? 0 : (int) Math.min(Integer.MAX_VALUE, total - Math.max(pos, total - ring.length));
            }
        }

        @Override
        public void close() {
            synchronized (PtyConsole.this) {
                closed = true;
                PtyConsole.this.notifyAll();
            }
        }
    }
}
