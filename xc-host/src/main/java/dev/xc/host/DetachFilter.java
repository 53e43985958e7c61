package dev.xc.host;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Watches keystrokes for the detach sequence Ctrl-P {@code q} (bytes {@code 0x10 0x71}) of an attached console, the
 * original xc's and Docker's default. Pure: it neither reads nor writes anything, so the client, the daemon and tests
 * use the same rules:
 * <ul>
 *   <li>Ctrl-P followed by {@code q} detaches; neither byte is passed on, nor anything typed after them;</li>
 *   <li>Ctrl-P followed by any other byte passes both bytes on (Ctrl-P Ctrl-P gives two Ctrl-P, and the
 *       sequence starts afresh after them) - unlike the original, which dropped both;</li>
 *   <li>the sequence may be split across reads: a Ctrl-P at the end of one chunk is held back until the next.</li>
 * </ul>
 * {@snippet :
 * DetachFilter f = new DetachFilter();
 * f.filter("ls\n".getBytes());          // pass "ls\n", no detach
 * f.filter(new byte[] {0x10});          // pass nothing yet
 * f.filter(new byte[] {'q'}).detach();  // true
 * }
 *
 * <p>Not thread-safe: one reader of the keyboard owns it.
 */
public final class DetachFilter {

    /** Ctrl-P. */
    public static final byte CTRL_P = 0x10;
    /** The key that completes the sequence. */
    public static final byte Q = 'q';

    /**
     * What a chunk of keystrokes gives.
     *
     * @param pass the bytes to send to the process, in order
     * @param detach whether the detach sequence was typed (then nothing after it is in {@code pass})
     */
    public record Result(byte[] pass, boolean detach) {
        public Result {
            pass = pass.clone();
        }

        @Override
        public byte[] pass() {
            return pass.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && detach == r.detach && Arrays.equals(pass, r.pass);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(pass) * 31 + Boolean.hashCode(detach);
        }

        @Override
        public String toString() {
            return "Result[pass " + pass.length + " bytes" + (detach ? ", detach" : "") + "]";
        }
    }

    private boolean pending;
    private boolean detached;

    /** Filters a whole array. */
    public Result filter(byte[] chunk) {
        return filter(chunk, 0, chunk.length);
    }

    /**
     * Filters {@code len} bytes of {@code chunk} from {@code off}.
     *
     * @throws IllegalStateException once the sequence was seen (the attachment is over)
     */
    public Result filter(byte[] chunk, int off, int len) {
        if (detached) {
            throw new IllegalStateException("the detach sequence was already typed");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 1);
        for (int i = off; i < off + len; i++) {
            byte b = chunk[i];
            if (pending) {
                pending = false;
                if (b == Q) {
                    detached = true;
                    return new Result(out.toByteArray(), true);
                }
                out.write(CTRL_P);
                out.write(b);
            } else if (b == CTRL_P) {
                pending = true;
            } else {
                out.write(b);
            }
        }
        return new Result(out.toByteArray(), false);
    }

    /** At the end of the input: a Ctrl-P held back is passed on after all. */
    public byte[] finish() {
        if (pending) {
            pending = false;
            return new byte[] {CTRL_P};
        }
        return new byte[0];
    }

    /** Whether a Ctrl-P is held back waiting for the next byte. */
    public boolean holding() {
        return pending;
    }
}
