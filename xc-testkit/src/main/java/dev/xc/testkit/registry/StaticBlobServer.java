package dev.xc.testkit.registry;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a registry's blob storage (an S3 or CDN host) in redirect tests: serves fixed bytes per path on
 * 127.0.0.1 and records, per request, whether it carried an {@code Authorization} header. Reach it as
 * {@code http://localhost:PORT} so that it is another host than the registry at {@code 127.0.0.1}. Thread-safe.
 */
public final class StaticBlobServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> content = new ConcurrentHashMap<>();
    private final List<Boolean> authorizations = new CopyOnWriteArrayList<>();

    private StaticBlobServer(HttpServer server) {
        this.server = server;
    }

    public static StaticBlobServer start() {
        try {
            HttpServer http = HttpServer.create(Loopback.anyPort(), 16);
            StaticBlobServer s = new StaticBlobServer(http);
            http.createContext("/", ex -> {
                try (ex) {
                    s.authorizations.add(ex.getRequestHeaders().containsKey("Authorization"));
                    byte[] b = s.content.get(ex.getRequestURI().getRawPath());
                    if (b == null) {
                        ex.sendResponseHeaders(404, -1);
                        return;
                    }
                    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                    ex.sendResponseHeaders(200, b.length);
                    ex.getResponseBody().write(b);
                }
            });
            http.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code bytes} at {@code path}. */
    public StaticBlobServer put(String path, byte[] bytes) {
        content.put(path, bytes.clone());
        return this;
    }

    /** {@code http://localhost:PORT}: another host name than the registry's 127.0.0.1. */
    public URI uri() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    /** For each request so far, whether it carried an {@code Authorization} header. */
    public List<Boolean> authorizations() {
        return List.copyOf(authorizations);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
