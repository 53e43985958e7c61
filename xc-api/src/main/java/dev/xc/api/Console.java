package dev.xc.api;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A terminal attached to a container process (its pty): what the process writes arrives on {@link #output()}, what is
 * written to {@link #input()} reaches it. Closing the console detaches (the original's {@code Ctrl-p q}); the process
 * keeps running. Several consoles may attach to one process; each first receives the recent history.
 *
 * <p>Not thread-safe for concurrent writers; one reader and one writer thread are fine.
 */
public interface Console extends AutoCloseable {

    /** What the process writes to its terminal. Ends when the process exits or the console is closed. */
    InputStream output();

    /** Keystrokes for the process. */
    OutputStream input();

    /** Tells the process its terminal has {@code columns} x {@code rows} cells. */
    void resize(int columns, int rows);

    /**
     * The process's exit status once {@link #output()} has ended because the process exited; empty while it runs,
     * after a detach, or when the engine cannot tell (the default). May wait a few seconds for the exit to be
     * recorded after the output ended.
     */
    default java.util.OptionalInt exitStatus() {
        return java.util.OptionalInt.empty();
    }

    /** Detaches; the process keeps running. Idempotent. */
    @Override
    void close();
}
