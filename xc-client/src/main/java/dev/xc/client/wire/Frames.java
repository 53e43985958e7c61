package dev.xc.client.wire;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The framing of the full-duplex routes ({@link Route.Kind#DUPLEX}: exec, exec-console, attach, link).
 *
 * <p>Both the request body and the response body of one HTTP/1.1 exchange are sequences of frames, sent while the
 * other direction is still open (chunked transfer both ways, so no protocol upgrade is needed and the exchange
 * stays visible to HTTP tooling). A frame is one type byte, a 4-byte big-endian payload length, and the payload:
 * <ul>
 *   <li>{@code 'J'} JSON: the first frame of each direction. The client sends the request ({@code ExecRequest}, or
 *       {@code {}}); the daemon answers {@code {"result": ...}} when the process or lease is ready, or
 *       {@code {"error": ...}} and ends the exchange;</li>
 *   <li>{@code 'I'} bytes for the process's standard input or terminal (client to daemon);</li>
 *   <li>{@code 'C'} standard input is closed (client to daemon, empty payload);</li>
 *   <li>{@code 'R'} terminal size: two 4-byte integers, columns then rows (client to daemon);</li>
 *   <li>{@code 'O'} and {@code 'E'} standard output (or terminal output) and standard error (daemon to client);</li>
 *   <li>{@code 'X'} exit: a 4-byte exit status (exec; and a console whose process exited), or empty when a
 *       console's output ends for another reason, such as a detach (daemon to client).</li>
 * </ul>
 * The client ends the request body to detach a console or end a lease; the daemon then closes the console or the
 * lease and ends the response. A dropped connection does the same.
 */
public final class Frames {

    public static final byte JSON = 'J';
    public static final byte INPUT = 'I';
    public static final byte INPUT_CLOSED = 'C';
    public static final byte RESIZE = 'R';
    public static final byte OUTPUT = 'O';
    public static final byte ERROR = 'E';
    public static final byte EXIT = 'X';

    /** Larger frames are refused: they would only come from a broken or hostile peer. */
    public static final int MAX_PAYLOAD = 1 << 20;

    private Frames() {
    }

    /** One frame. */
    public record Frame(byte type, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int intAt(int index) {
            return ByteBuffer.wrap(payload).getInt(index * 4);
        }
    }

    /** Encodes a frame. */
    public static ByteBuffer encode(byte type, byte[] payload, int offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(5 + length);
        b.put(type).putInt(length).put(payload, offset, length).flip();
        return b;
    }

    public static ByteBuffer encode(byte type, byte[] payload) {
        return encode(type, payload, 0, payload.length);
    }

    public static ByteBuffer text(byte type, String text) {
        return encode(type, text.getBytes(StandardCharsets.UTF_8));
    }

    public static ByteBuffer ints(byte type, int... values) {
        ByteBuffer p = ByteBuffer.allocate(4 * values.length);
        for (int v : values) {
            p.putInt(v);
        }
        return encode(type, p.array());
    }

    /** Reads the next frame, or empty at a clean end of the stream (between frames). */
    public static Optional<Frame> read(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return Optional.empty();
        }
        DataInputStream d = new DataInputStream(in);
        int length;
        try {
            length = d.readInt();
        } catch (EOFException e) {
            throw new EOFException("the stream ended inside a frame header");
        }
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IOException("frame of " + length + " bytes refused (at most " + MAX_PAYLOAD + ")");
        }
        byte[] payload = new byte[length];
        d.readFully(payload);
        return Optional.of(new Frame((byte) type, payload));
    }
}
