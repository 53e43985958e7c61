package dev.xc.api.spi;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The terminal of a process started with a console: a pseudo-terminal that is the process's controlling terminal.
 * Everything the process writes is kept (the last {@link #HISTORY_BYTES} bytes) and appended to its log file;
 * clients attach to see the history and then the live output and to type into it, and detach with the sequence
 * Ctrl-P, {@code q} (bytes {@code 0x10 0x71}), which is consumed and never reaches the process. A Ctrl-P followed by
 * anything else is passed on, both bytes.
 *
 * <p>Thread-safe; several clients may be attached at once (each sees the output; their input is interleaved).
 */
public interface Console {

    /** How much output history a new client is shown. */
    int HISTORY_BYTES = 1 << 20;

    /** The detach sequence: Ctrl-P then {@code q}. */
    byte[] DETACH_SEQUENCE = {0x10, 'q'};

    /** How an attachment ended. */
    enum Detach {
        /** The client typed the detach sequence; the process keeps running. */
        DETACHED,
        /** The process exited (its output was drained to the client first). */
        EXITED,
        /** The client's input ended; the process keeps running. */
        INPUT_CLOSED
    }

    /**
     * Attaches a client: writes the history and then the live output to {@code screen}, and forwards
     * {@code keyboard} to the process until the detach sequence, the end of the input, or the process's exit.
     * Blocks until then. Neither stream is closed.
     */
    Detach attach(InputStream keyboard, OutputStream screen);

    /** Writes {@code bytes} to the terminal as if typed (no detach handling). */
    void write(byte[] bytes);

    /** The output so far, at most {@link #HISTORY_BYTES} bytes. */
    byte[] history();

    /**
     * A new view of the output for one client: first the history, then the live output as it comes. The stream ends
     * when the terminal has closed (the process and everything it started that held the terminal have exited, and
     * all output was read) or when it is closed itself, which unblocks a reader waiting in it. A reader that falls
     * more than {@link #HISTORY_BYTES} behind skips what was overwritten. Each call gives an independent view.
     */
    java.io.InputStream output();

    /**
     * Tells the process its terminal has {@code columns} x {@code rows} cells ({@code TIOCSWINSZ}; the foreground
     * process group gets {@code SIGWINCH}). Ignored once the terminal has closed.
     *
     * @throws IllegalArgumentException when a size is not between 1 and 65535
     */
    void resize(int columns, int rows);
}
