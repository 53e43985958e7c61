package dev.xc.client.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xc.api.Console;
import dev.xc.api.Engine;
import dev.xc.api.EngineInfo;
import dev.xc.api.ErrorCode;
import dev.xc.api.Lease;
import dev.xc.api.PurgeReport;
import dev.xc.api.XcException;
import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.ExecRequest;
import dev.xc.api.container.LogLine;
import dev.xc.api.container.LogOptions;
import dev.xc.api.container.RunPlan;
import dev.xc.api.container.RunRequest;
import dev.xc.api.container.StopOptions;
import dev.xc.api.event.Event;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.BuildRequest;
import dev.xc.api.image.CommitRequest;
import dev.xc.api.image.ImageInfo;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.ImageSummary;
import dev.xc.api.image.ImportRequest;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.PullRequest;
import dev.xc.api.image.PushRequest;
import dev.xc.api.image.RegistryCredentials;
import dev.xc.api.net.NetworkInfo;
import dev.xc.api.net.NetworkSpec;
import dev.xc.api.net.PortPublish;
import dev.xc.api.net.PortRedirect;
import dev.xc.api.volume.VolumeCreateRequest;
import dev.xc.api.volume.VolumeInfo;
import dev.xc.client.wire.Route;
import dev.xc.client.wire.Wire;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.jspecify.annotations.Nullable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@link Engine} over {@code xcd}'s UNIX socket: each method is one HTTP/1.1 exchange on the route of the same name
 * ({@link Route}), with the JSON of {@link Wire}. Errors the daemon reports come back as the same
 * {@link XcException} (code, message, hint, problems); a daemon that cannot be reached is
 * {@link ErrorCode#DAEMON_UNREACHABLE}.
 *
 * <p>Thread-safe: calls may run concurrently, each on its own connection from a pool.
 */
public final class RemoteEngine implements Engine {

    private final Path socket;
    private final HttpClient http;
    private final ObjectMapper json = Wire.mapper(false, true);

    private RemoteEngine(Path socket) {
        this.socket = socket;
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("xc-client");
        pool.setDaemon(true);
        ClientConnector connector = new ClientConnector();
        connector.setExecutor(pool);
        connector.setScheduler(new ScheduledExecutorScheduler("xc-client-scheduler", true));
        connector.setConnectTimeout(java.time.Duration.ofSeconds(10));
        connector.setIdleTimeout(java.time.Duration.ZERO);
        this.http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(pool);
        http.setFollowRedirects(false);
        http.setIdleTimeout(0);
        http.setUserAgentField(null);
        try {
            http.start();
        } catch (Exception e) {
            throw XcException.of(ErrorCode.INTERNAL, "cannot start the HTTP client for xcd at " + socket + ": " + e,
                    "report this as a bug", List.of(), e);
        }
    }

    /**
     * Connects to the daemon at {@code socket} and checks that it answers.
     *
     * @throws XcException {@link ErrorCode#DAEMON_UNREACHABLE} when there is no socket or nothing answers on it
     */
    public static RemoteEngine connect(Path socket) {
        if (!Files.exists(socket)) {
            throw XcException.of(ErrorCode.DAEMON_UNREACHABLE,
                    "cannot connect to xcd at " + socket + ": no such socket",
                    "start the daemon (xcd), pass its socket with -s PATH, or use --embedded");
        }
        RemoteEngine e = new RemoteEngine(socket);
        try {
            e.unary(Route.PEER, Map.of(), Map.of(), null, e.type(Wire.PeerInfo.class));
            return e;
        } catch (RuntimeException ex) {
            e.close();
            throw ex;
        }
    }

    /** The daemon's socket. */
    public Path socket() {
        return socket;
    }

    /** Who the daemon takes this caller for. */
    public Wire.PeerInfo peer() {
        return unary(Route.PEER, Map.of(), Map.of(), null, type(Wire.PeerInfo.class));
    }

    // ------------------------------------------------------------------ engine

    @Override
    public EngineInfo info() {
        EngineInfo i = unary(Route.INFO, Map.of(), Map.of(), null, type(EngineInfo.class));
        return new EngineInfo(i.version(), "remote", i.host(), i.providers(), i.configuration(), i.setup(),
                i.warnings());
    }

    // ------------------------------------------------------------------ images

    @Override
    public ImageInfo pull(PullRequest request, EventListener listener) {
        return events(Route.IMAGES_PULL, Map.of(), request, listener, type(ImageInfo.class));
    }

    @Override
    public void push(PushRequest request, EventListener listener) {
        events(Route.IMAGES_PUSH, Map.of(), request, listener, type(Void.class));
    }

    @Override
    public List<ImageSummary> images() {
        return unary(Route.IMAGES_LIST, Map.of(), Map.of(), null, listOf(ImageSummary.class));
    }

    @Override
    public ImageInfo inspectImage(ImageReference reference) {
        return unary(Route.IMAGES_INSPECT, Map.of(), Map.of("reference", reference.toString()), null,
                type(ImageInfo.class));
    }

    @Override
    public void tagImage(ImageReference source, ImageReference target) {
        unary(Route.IMAGES_TAG, Map.of(), Map.of(), new Wire.TagImage(source, target), type(Void.class));
    }

    @Override
    public void removeImage(ImageReference reference) {
        unary(Route.IMAGES_REMOVE, Map.of(), Map.of("reference", reference.toString()), null, type(Void.class));
    }

    @Override
    public ImageInfo replaceImageConfig(ImageReference reference, JailConfig config) {
        return unary(Route.IMAGES_CONFIG, Map.of(), Map.of("reference", reference.toString()), config,
                type(ImageInfo.class));
    }

    @Override
    public ImageInfo importImage(ImportRequest request, EventListener listener) {
        return events(Route.IMAGES_IMPORT, Map.of(), request, listener, type(ImageInfo.class));
    }

    @Override
    public ImageInfo build(BuildRequest request, EventListener listener) {
        return events(Route.IMAGES_BUILD, Map.of(), request, listener, type(ImageInfo.class));
    }

    @Override
    public PurgeReport purge() {
        return unary(Route.IMAGES_PURGE, Map.of(), Map.of(), null, type(PurgeReport.class));
    }

    @Override
    public void login(RegistryCredentials credentials) {
        unary(Route.LOGIN, Map.of(), Map.of(), credentials, type(Void.class));
    }

    // ------------------------------------------------------------------ containers

    @Override
    public RunPlan plan(RunRequest request) {
        return unary(Route.CONTAINERS_PLAN, Map.of(), Map.of(), request, type(RunPlan.class));
    }

    @Override
    public ContainerInfo run(RunRequest request, EventListener listener) {
        return events(Route.CONTAINERS_RUN, Map.of(), request, listener, type(ContainerInfo.class));
    }

    @Override
    public ContainerInfo create(RunRequest request, EventListener listener) {
        return events(Route.CONTAINERS_CREATE, Map.of(), request, listener, type(ContainerInfo.class));
    }

    @Override
    public ContainerInfo start(String container) {
        return unary(Route.CONTAINERS_START, c(container), Map.of(), null, type(ContainerInfo.class));
    }

    @Override
    public ContainerInfo kill(String container, StopOptions options) {
        return unary(Route.CONTAINERS_KILL, c(container), Map.of(), options, type(ContainerInfo.class));
    }

    @Override
    public void removeContainer(String container, boolean force) {
        unary(Route.CONTAINERS_REMOVE, c(container), Map.of("force", Boolean.toString(force)), null,
                type(Void.class));
    }

    @Override
    public int exec(ExecRequest request, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        return new Duplex(this, Route.CONTAINERS_EXEC, c(request.container()), request).exec(stdin, stdout, stderr);
    }

    @Override
    public Console execConsole(ExecRequest request) {
        return new Duplex(this, Route.CONTAINERS_EXEC_CONSOLE, c(request.container()), request).console();
    }

    @Override
    public Console attach(String container) {
        return new Duplex(this, Route.CONTAINERS_ATTACH, c(container), Map.of()).console();
    }

    @Override
    public void logs(String container, LogOptions options, Consumer<LogLine> sink) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("follow", Boolean.toString(options.follow()));
        options.tail().ifPresent(t -> q.put("tail", t.toString()));
        q.put("stdout", Boolean.toString(options.stdout()));
        q.put("stderr", Boolean.toString(options.stderr()));
        JavaType t = type(LogLine.class);
        lines(Route.CONTAINERS_LOGS, c(container), q, null, "log", n -> sink.accept(convert(n, t, Route.CONTAINERS_LOGS)));
    }

    @Override
    public List<ContainerInfo> containers() {
        return unary(Route.CONTAINERS_LIST, Map.of(), Map.of(), null, listOf(ContainerInfo.class));
    }

    @Override
    public ContainerInfo inspectContainer(String container) {
        return unary(Route.CONTAINERS_INSPECT, c(container), Map.of(), null, type(ContainerInfo.class));
    }

    @Override
    public ImageInfo commit(CommitRequest request, EventListener listener) {
        return events(Route.CONTAINERS_COMMIT, c(request.container()), new Wire.CommitTarget(request.target()),
                listener, type(ImageInfo.class));
    }

    @Override
    public Lease link(String container) {
        return new Duplex(this, Route.CONTAINERS_LINK, c(container), Map.of()).lease();
    }

    // ------------------------------------------------------------------ networks

    @Override
    public NetworkInfo createNetwork(NetworkSpec spec) {
        return unary(Route.NETWORKS_CREATE, Map.of(), Map.of(), spec, type(NetworkInfo.class));
    }

    @Override
    public List<NetworkInfo> networks() {
        return unary(Route.NETWORKS_LIST, Map.of(), Map.of(), null, listOf(NetworkInfo.class));
    }

    @Override
    public NetworkInfo inspectNetwork(String name) {
        return unary(Route.NETWORKS_INSPECT, Map.of("network", name), Map.of(), null, type(NetworkInfo.class));
    }

    @Override
    public void removeNetwork(String name) {
        unary(Route.NETWORKS_REMOVE, Map.of("network", name), Map.of(), null, type(Void.class));
    }

    @Override
    public void tagNetwork(String netgroup, String container, boolean commit) {
        unary(Route.NETWORKS_TAG, Map.of("network", netgroup), Map.of(), new Wire.NetworkMember(container, commit),
                type(Void.class));
    }

    // ------------------------------------------------------------------ volumes

    @Override
    public VolumeInfo createVolume(VolumeCreateRequest request) {
        return unary(Route.VOLUMES_CREATE, Map.of(), Map.of(), request, type(VolumeInfo.class));
    }

    @Override
    public List<VolumeInfo> volumes() {
        return unary(Route.VOLUMES_LIST, Map.of(), Map.of(), null, listOf(VolumeInfo.class));
    }

    @Override
    public void removeVolume(String name) {
        unary(Route.VOLUMES_REMOVE, Map.of("volume", name), Map.of(), null, type(Void.class));
    }

    // ------------------------------------------------------------------ port redirects

    @Override
    public List<PortRedirect> redirects(Optional<String> container) {
        return unary(Route.REDIRECTS_LIST, Map.of(), container.map(n -> Map.of("container", n)).orElse(Map.of()),
                null, listOf(PortRedirect.class));
    }

    @Override
    public List<PortRedirect> addRedirects(String container, List<PortPublish> publish) {
        return unary(Route.REDIRECTS_ADD, c(container), Map.of(), publish, listOf(PortRedirect.class));
    }

    @Override
    public void removeRedirects(String container, List<PortPublish> publish) {
        unary(Route.REDIRECTS_REMOVE, c(container), Map.of(), publish, type(Void.class));
    }

    // ------------------------------------------------------------------ tracing

    @Override
    public void trace(String container, List<String> args, Consumer<String> lines) {
        lines(Route.CONTAINERS_TRACE, c(container), Map.of(), new Wire.TraceArgs(args), "line",
                n -> lines.accept(n.asText()));
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // nothing is left to release once stopping failed; containers are the daemon's
        }
    }

    // ------------------------------------------------------------------ plumbing

    private static Map<String, String> c(String container) {
        return Map.of("container", container);
    }

    JavaType type(Class<?> c) {
        return json.getTypeFactory().constructType(c);
    }

    private JavaType listOf(Class<?> c) {
        return json.getTypeFactory().constructCollectionType(List.class, c);
    }

    ObjectMapper json() {
        return json;
    }

    /** The request for {@code route}, not yet sent. */
    Request request(Route route, Map<String, String> params, Map<String, String> query) {
        StringBuilder uri = new StringBuilder("http://xcd").append(route.path(params));
        char sep = '?';
        for (Map.Entry<String, String> q : query.entrySet()) {
            uri.append(sep).append(Route.encode(q.getKey())).append('=').append(Route.encode(q.getValue()));
            sep = '&';
        }
        return http.newRequest(uri.toString()).method(route.method()).transport(new Transport.TCPUnix(socket));
    }

    /** A sent exchange: the response head and its body as a stream. */
    record Reply(Route route, Request request, Response response, InputStream body) {
    }

    Reply send(Route route, Request req) {
        InputStreamResponseListener l = new InputStreamResponseListener();
        req.send(l);
        try {
            Response r = l.get(3650, TimeUnit.DAYS);
            return new Reply(route, req, r, l.getInputStream());
        } catch (InterruptedException e) {
            req.abort(e);
            Thread.currentThread().interrupt();
            throw XcException.of(ErrorCode.INTERNAL, route.method() + " " + route.template() + " on xcd at " + socket
                    + " was interrupted", "", List.of(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(route, e.getCause() == null ? e : e.getCause());
        }
    }

    private Reply exchange(Route route, Map<String, String> params, Map<String, String> query, @Nullable Object body) {
        Request req = request(route, params, query);
        if (body != null) {
            req.body(new BytesRequestContent(Wire.JSON, bytes(body)));
        }
        return send(route, req);
    }

    byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw XcException.of(ErrorCode.INTERNAL, "cannot write a " + body.getClass().getSimpleName()
                    + " as JSON for xcd: " + e.getMessage(), "report this as a bug", List.of(), e);
        }
    }

    XcException unreachable(Route route, Throwable t) {
        String why = String.valueOf(t.getMessage());
        String hint = "start the daemon (xcd), pass its socket with -s PATH, or use --embedded";
        if (t instanceof ConnectException || why.contains("Connection refused")) {
            why = "connection refused (the socket is stale: no xcd is listening)";
        } else if (why.contains("Permission denied") || why.contains("Access denied")) {
            why = "permission denied";
            hint = "ask an administrator to add you to the socket's group (xcd --group NAME), or run as root";
        }
        return XcException.of(ErrorCode.DAEMON_UNREACHABLE, "cannot reach xcd at " + socket + " (" + route.method()
                + " " + route.template() + "): " + why, hint, List.of(), t);
    }

    /** Throws the daemon's error when the reply is one. */
    void failOnError(Reply r) {
        int status = r.response().getStatus();
        if (status < 400) {
            return;
        }
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readAllBytes();
        } catch (IOException e) {
            throw unreachable(r.route(), e);
        }
        JsonNode err;
        try {
            err = json.readTree(body).path("error");
        } catch (IOException e) {
            err = json.missingNode();
        }
        if (err.isObject()) {
            throw Wire.decodeError(err);
        }
        throw XcException.of(ErrorCode.INTERNAL, "xcd at " + socket + " answered " + r.route().method() + " "
                        + r.route().template() + " with HTTP " + status + " and no error description",
                "check that the socket belongs to xcd and that its version matches this client");
    }

    private <T> T unary(Route route, Map<String, String> params, Map<String, String> query, @Nullable Object body,
                        JavaType type) {
        Reply r = exchange(route, params, query, body);
        failOnError(r);
        byte[] bytes;
        try (InputStream in = r.body()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw unreachable(route, e);
        }
        if (type.getRawClass() == Void.class) {
            return null;
        }
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw unreadable(route, e);
        }
    }

    XcException unreadable(Route route, Exception e) {
        if (e.getCause() instanceof XcException xe) {
            return xe;
        }
        return XcException.of(ErrorCode.INTERNAL, "cannot read xcd's answer to " + route.method() + " "
                + route.template() + ": " + e.getMessage(), "use an xc client of the same version as xcd", List.of(), e);
    }

    <T> T convert(JsonNode n, JavaType type, Route route) {
        try {
            return json.treeToValue(n, type);
        } catch (IOException | IllegalArgumentException e) {
            throw unreadable(route, e);
        }
    }

    private <T> T events(Route route, Map<String, String> params, Object body, EventListener listener, JavaType type) {
        Reply r = exchange(route, params, Map.of(), body);
        failOnError(r);
        JavaType eventType = type(Event.class);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                if (n.has("event")) {
                    Event e = convert(n.get("event"), eventType, route);
                    try {
                        listener.onEvent(e);
                    } catch (RuntimeException ignored) {
                        // the Engine contract: an exception thrown by a listener is ignored
                    }
                } else if (n.has("result")) {
                    return type.getRawClass() == Void.class ? null : convert(n.get("result"), type, route);
                } else if (n.has("error")) {
                    throw Wire.decodeError(n.get("error"));
                }
            }
        } catch (IOException e) {
            throw unreachable(route, e);
        }
        throw XcException.of(ErrorCode.DAEMON_UNREACHABLE, "xcd at " + socket + " ended " + route.method() + " "
                + route.template() + " without a result", "check xcd's log; it may have stopped");
    }

    private void lines(Route route, Map<String, String> params, Map<String, String> query, @Nullable Object body,
                       String field, Consumer<JsonNode> sink) {
        Reply r = exchange(route, params, query, body);
        failOnError(r);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                if (n.has(field)) {
                    sink.accept(n.get(field));
                } else if (n.has("end")) {
                    return;
                } else if (n.has("error")) {
                    throw Wire.decodeError(n.get("error"));
                }
            }
        } catch (java.io.InterruptedIOException e) {
            r.request().abort(e);
            Thread.currentThread().interrupt();
            return;
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                r.request().abort(e);
                return;
            }
            throw unreachable(route, e);
        }
        throw XcException.of(ErrorCode.DAEMON_UNREACHABLE, "xcd at " + socket + " ended " + route.method() + " "
                + route.template() + " before its end", "check xcd's log; it may have stopped");
    }
}
