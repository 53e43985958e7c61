package dev.xc.testkit.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * An HTTP proxy for tests that sits in front of a real registry on 127.0.0.1 and injects faults on chosen requests:
 * a status with headers (503, 429 with {@code Retry-After}, 401 with a challenge), a body cut short, a body with one
 * byte changed, or a redirect to another base URI. Everything else is forwarded unchanged ({@code Location} headers
 * that point at the registry are rewritten to point at the proxy). Every request is recorded with whether it carried
 * an {@code Authorization} header (never the header itself).
 *
 * <p>Bodies are buffered: meant for test images, not for large transfers. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Set<String> HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    /** What to do instead of forwarding normally. */
    public sealed interface Fault {
        /** Answer {@code status} with {@code headers} and {@code body} without asking the registry. */
        record Respond(int status, Map<String, String> headers, String body) implements Fault {
            public Respond {
                headers = Map.copyOf(headers);
                Objects.requireNonNull(body);
            }
        }

        /** Forward, then send the full {@code Content-Length} but only the first half of the body, and drop the connection. */
        record Truncate() implements Fault {
        }

        /** Forward, then flip one byte in the middle of the body. */
        record Corrupt() implements Fault {
        }

        /**
         * Forward, send the first half of the body, then hold the rest back until {@code until} is true (asked every
         * 20 ms) or {@code atMost} has passed; {@code met} records whether {@code until} came true. Shows whether the
         * client acts on a body before it has all of it.
         */
        record Hold(BooleanSupplier until, Duration atMost, AtomicBoolean met) implements Fault {
            public Hold {
                Objects.requireNonNull(until, "until");
                Objects.requireNonNull(atMost, "atMost");
                Objects.requireNonNull(met, "met");
            }
        }

        /** Answer 307 to the same path and query under {@code base}. */
        record Redirect(URI base) implements Fault {
        }
    }

    /** One request seen by the proxy. */
    public record Seen(String method, String path, boolean authorized, int status) {
    }

    private record Rule(String method, Pattern path, AtomicInteger remaining, Fault fault) {
    }

    private final HttpServer server;
    private final URI target;
    private final HttpClient client;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private FaultProxy(HttpServer server, URI target) {
        this.server = server;
        this.target = target;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Starts a proxy on 127.0.0.1 at a free port in front of {@code target} (e.g. {@code http://127.0.0.1:5000}). */
    public static FaultProxy start(URI target) {
        try {
            HttpServer http = HttpServer.create(Loopback.anyPort(), 32);
            FaultProxy p = new FaultProxy(http, target);
            http.createContext("/", p::handle);
            http.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fault-proxy");
                t.setDaemon(true);
                return t;
            }));
            http.start();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("http://" + host());
    }

    /**
     * Applies {@code fault} to the next {@code times} requests with {@code method} whose path matches
     * {@code pathRegex} ({@code times < 0}: always). Rules are tried in the order added.
     */
    public FaultProxy inject(String method, String pathRegex, int times, Fault fault) {
        rules.add(new Rule(method, Pattern.compile(pathRegex), new AtomicInteger(times < 0 ? Integer.MAX_VALUE : times),
                fault));
        return this;
    }

    /** Removes all rules and the request record. */
    public void reset() {
        rules.clear();
        seen.clear();
    }

    /** The requests seen so far, in order. */
    public List<Seen> requests() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            boolean authorized = ex.getRequestHeaders().containsKey("Authorization");
            Fault fault = null;
            for (Rule r : rules) {
                if (r.method.equalsIgnoreCase(method) && r.path.matcher(path).matches()
                        && r.remaining.getAndDecrement() > 0) {
                    fault = r.fault;
                    break;
                }
            }
            byte[] requestBody = ex.getRequestBody().readAllBytes();
            switch (fault) {
                case Fault.Respond r -> {
                    seen.add(new Seen(method, path, authorized, r.status()));
                    r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                    byte[] b = r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(r.status(), b.length == 0 || method.equals("HEAD") ? -1 : b.length);
                    if (b.length > 0 && !method.equals("HEAD")) {
                        ex.getResponseBody().write(b);
                    }
                    return;
                }
                case Fault.Redirect r -> {
                    seen.add(new Seen(method, path, authorized, 307));
                    ex.getResponseHeaders().set("Location", r.base().resolve(path + (query == null ? "" : "?" + query))
                            .toString());
                    ex.sendResponseHeaders(307, -1);
                    return;
                }
                case null, default -> forward(ex, method, path, query, requestBody, authorized, fault);
            }
        }
    }

    private void forward(HttpExchange ex, String method, String path, String query, byte[] body, boolean authorized,
                         Fault fault) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(path + (query == null ? "" : "?" + query)))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(30));
        ex.getRequestHeaders().forEach((k, vs) -> {
            if (!HOP.contains(k.toLowerCase(Locale.ROOT))) {
                vs.forEach(v -> b.header(k, v));
            }
        });
        HttpResponse<byte[]> resp;
        try {
            resp = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        seen.add(new Seen(method, path, authorized, resp.statusCode()));
        resp.headers().map().forEach((k, vs) -> {
            String lower = k.toLowerCase(Locale.ROOT);
            if (HOP.contains(lower) || lower.startsWith(":")) {
                return;
            }
            for (String v : vs) {
                if (lower.equals("location") && v.startsWith(target.toString())) {
                    v = uri() + v.substring(target.toString().length());
                }
                ex.getResponseHeaders().add(k, v);
            }
        });
        byte[] out = resp.body();
        if (method.equals("HEAD")) {
            resp.headers().firstValue("Content-Length").ifPresent(v -> ex.getResponseHeaders().set("Content-Length", v));
            ex.sendResponseHeaders(resp.statusCode(), -1);
            return;
        }
        int status = resp.statusCode();
        if (out.length == 0) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        if (fault instanceof Fault.Corrupt) {
            out = out.clone();
            out[out.length / 2] ^= 0x5a;
        }
        ex.sendResponseHeaders(status, out.length);
        OutputStream os = ex.getResponseBody();
        if (fault instanceof Fault.Truncate) {
            os.write(out, 0, out.length / 2);
            os.flush();
            // closing with bytes missing makes the server drop the connection
            return;
        }
        if (fault instanceof Fault.Hold h) {
            os.write(out, 0, out.length / 2);
            os.flush();
            long deadline = System.nanoTime() + h.atMost().toNanos();
            while (!h.until().getAsBoolean() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            h.met().set(h.until().getAsBoolean());
            os.write(out, out.length / 2, out.length - out.length / 2);
            return;
        }
        os.write(out);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
