package dev.xc.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xc.client.wire.Frames;
import dev.xc.client.wire.Wire;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** The daemon's side of a framed response ({@link Frames}); writes are serialised and flushed one by one. */
final class FrameOut {

    private final Response response;
    private final ObjectMapper json;
    private OutputStream out;

    FrameOut(Response response, ObjectMapper json) {
        this.response = response;
        this.json = json;
    }

    synchronized boolean started() {
        return out != null;
    }

    /** Commits the response (200) with the first frame: {@code {"result": value}}. */
    void result(JsonNode value) throws IOException {
        ObjectNode r = json.createObjectNode();
        r.set("result", value);
        frame(Frames.encode(Frames.JSON, json.writeValueAsBytes(r)));
    }

    synchronized void frame(ByteBuffer frame) throws IOException {
        if (out == null) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Wire.FRAMES);
            out = Content.Sink.asOutputStream(response);
        }
        byte[] b = new byte[frame.remaining()];
        frame.get(b);
        out.write(b);
        out.flush();
    }

    /** A stream whose writes become frames of {@code type}. */
    OutputStream stream(byte type) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    frame(Frames.encode(type, b, off, len));
                }
            }
        };
    }

    synchronized void finish(Callback callback) {
        try {
            if (out != null) {
                out.close();
            }
            callback.succeeded();
        } catch (IOException e) {
            callback.failed(e);
        }
    }
}
