package dev.xc.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xc.api.Console;
import dev.xc.api.Engine;
import dev.xc.api.ErrorCode;
import dev.xc.api.Lease;
import dev.xc.api.XcException;
import dev.xc.api.image.CommitRequest;
import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.ExecRequest;
import dev.xc.api.container.LogOptions;
import dev.xc.api.container.RunRequest;
import dev.xc.api.container.StopOptions;
import dev.xc.api.event.Event;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.BuildRequest;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.ImportRequest;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.PullRequest;
import dev.xc.api.image.PushRequest;
import dev.xc.api.image.RegistryCredentials;
import dev.xc.api.net.NetworkSpec;
import dev.xc.api.net.PortPublish;
import dev.xc.api.volume.VolumeCreateRequest;
import dev.xc.client.wire.Frames;
import dev.xc.client.wire.Route;
import dev.xc.client.wire.Wire;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Serves the {@link Route}s: finds the route, reads the caller's credentials, applies the {@link AccessPolicy}, calls
 * the {@link Engine}, and writes the answer in the {@link Wire} format. Every route has exactly one endpoint here (the
 * constructor checks it).
 *
 * <p>Handlers block (the server runs them on virtual threads); the engine is thread-safe.
 */
public final class ApiHandler extends Handler.Abstract {

    private final Engine engine;
    private final AccessPolicy policy;
    private final PeerCredentials credentials;
    private final Consumer<String> log;
    private final ObjectMapper json = Wire.mapper(true, false);
    private final Map<Route, Endpoint> endpoints = new EnumMap<>(Route.class);

    /** What serves one route, by the route's {@link Route.Kind}. */
    private sealed interface Endpoint {
    }

    /** Returns the answer, or null for 204 No Content. */
    private record Unary(UnaryFn fn) implements Endpoint {
    }

    private record Events(EventsFn fn) implements Endpoint {
    }

    private record Lines(String field, LinesFn fn) implements Endpoint {
    }

    private record Duplex(DuplexFn fn) implements Endpoint {
    }

    @FunctionalInterface
    private interface UnaryFn {
        Object serve(Call c);
    }

    @FunctionalInterface
    private interface EventsFn {
        Object serve(Call c, EventListener l);
    }

    @FunctionalInterface
    private interface LinesFn {
        void serve(Call c, Consumer<Object> emit);
    }

    @FunctionalInterface
    private interface DuplexFn {
        void serve(Call c, Frames.Frame header, InputStream in, FrameOut out) throws IOException;
    }

    public ApiHandler(Engine engine, AccessPolicy policy, PeerCredentials credentials, Consumer<String> log) {
        this.engine = engine;
        this.policy = policy;
        this.credentials = credentials;
        this.log = log;
        define();
        for (Route r : Route.values()) {
            Endpoint e = endpoints.get(r);
            Route.Kind k = switch (e) {
                case null -> throw new IllegalStateException("no endpoint serves " + r);
                case Unary u -> Route.Kind.UNARY;
                case Events v -> Route.Kind.EVENTS;
                case Lines l -> Route.Kind.LINES;
                case Duplex d -> Route.Kind.DUPLEX;
            };
            if (k != r.kind()) {
                throw new IllegalStateException(r + " is " + r.kind() + " but served as " + k);
            }
        }
    }

    /** The routes this handler serves (all of them). */
    public List<Route> routes() {
        return List.copyOf(endpoints.keySet());
    }

    private void unary(Route r, UnaryFn fn) {
        endpoints.put(r, new Unary(fn));
    }

    private void events(Route r, EventsFn fn) {
        endpoints.put(r, new Events(fn));
    }

    private void define() {
        unary(Route.INFO, c -> engine.info());
        unary(Route.PEER, c -> new Wire.PeerInfo(c.peer.uid(), c.peer.user(), c.peer.isRoot()));

        unary(Route.IMAGES_LIST, c -> engine.images());
        unary(Route.IMAGES_INSPECT, c -> engine.inspectImage(reference(c)));
        events(Route.IMAGES_PULL, (c, l) -> engine.pull(c.body(PullRequest.class), l));
        events(Route.IMAGES_PUSH, (c, l) -> {
            engine.push(c.body(PushRequest.class), l);
            return null;
        });
        unary(Route.IMAGES_TAG, c -> {
            Wire.TagImage t = c.body(Wire.TagImage.class);
            engine.tagImage(t.source(), t.target());
            return null;
        });
        unary(Route.IMAGES_REMOVE, c -> {
            engine.removeImage(reference(c));
            return null;
        });
        unary(Route.IMAGES_CONFIG, c -> engine.replaceImageConfig(reference(c), c.body(JailConfig.class)));
        events(Route.IMAGES_IMPORT, (c, l) -> engine.importImage(c.body(ImportRequest.class), l));
        events(Route.IMAGES_BUILD, (c, l) -> engine.build(c.body(BuildRequest.class), l));
        unary(Route.IMAGES_PURGE, c -> engine.purge());
        unary(Route.LOGIN, c -> {
            engine.login(c.body(RegistryCredentials.class));
            return null;
        });

        unary(Route.CONTAINERS_LIST, c -> engine.containers());
        unary(Route.CONTAINERS_PLAN, c -> engine.plan(c.body(RunRequest.class)));
        events(Route.CONTAINERS_RUN, (c, l) -> created(c, engine.run(runRequest(c), l)));
        events(Route.CONTAINERS_CREATE, (c, l) -> created(c, engine.create(runRequest(c), l)));
        unary(Route.CONTAINERS_INSPECT, c -> engine.inspectContainer(c.param("container")));
        unary(Route.CONTAINERS_START, c -> engine.start(owned(c)));
        unary(Route.CONTAINERS_KILL, c -> {
            String ref = owned(c);
            return engine.kill(ref, c.body(StopOptions.class));
        });
        unary(Route.CONTAINERS_REMOVE, c -> {
            String ref = owned(c);
            boolean force = c.flag("force", false);
            Optional<String> id = idOf(ref);
            engine.removeContainer(ref, force);
            id.ifPresent(policy::forget);
            return null;
        });
        endpoints.put(Route.CONTAINERS_LOGS, new Lines("log", (c, emit) -> {
            String ref = owned(c);
            LogOptions o = new LogOptions(c.flag("follow", false),
                    c.query("tail").map(t -> integer("tail", t)), c.flag("stdout", true), c.flag("stderr", true));
            engine.logs(ref, o, emit::accept);
        }));
        events(Route.CONTAINERS_COMMIT, (c, l) -> engine.commit(
                new CommitRequest(c.param("container"), c.body(Wire.CommitTarget.class).target()), l));
        endpoints.put(Route.CONTAINERS_TRACE, new Lines("line", (c, emit) ->
                engine.trace(c.param("container"), c.body(Wire.TraceArgs.class).args(), emit::accept)));
        unary(Route.REDIRECTS_ADD, c -> {
            String ref = owned(c);
            List<PortPublish> p = c.bodyList(PortPublish.class);
            policy.checkPublish(c.peer, p);
            return engine.addRedirects(ref, p);
        });
        unary(Route.REDIRECTS_REMOVE, c -> {
            String ref = owned(c);
            engine.removeRedirects(ref, c.bodyList(PortPublish.class));
            return null;
        });
        unary(Route.REDIRECTS_LIST, c -> engine.redirects(c.query("container")));
        endpoints.put(Route.CONTAINERS_EXEC, new Duplex(this::exec));
        endpoints.put(Route.CONTAINERS_EXEC_CONSOLE, new Duplex((c, h, in, out) -> {
            ExecRequest req = execRequest(c, h);
            console(engine.execConsole(req), in, out);
        }));
        endpoints.put(Route.CONTAINERS_ATTACH, new Duplex((c, h, in, out) -> console(engine.attach(owned(c)), in, out)));
        endpoints.put(Route.CONTAINERS_LINK, new Duplex(this::link));

        unary(Route.NETWORKS_LIST, c -> engine.networks());
        unary(Route.NETWORKS_CREATE, c -> engine.createNetwork(c.body(NetworkSpec.class)));
        unary(Route.NETWORKS_INSPECT, c -> engine.inspectNetwork(c.param("network")));
        unary(Route.NETWORKS_REMOVE, c -> {
            engine.removeNetwork(c.param("network"));
            return null;
        });
        unary(Route.NETWORKS_TAG, c -> {
            Wire.NetworkMember m = c.body(Wire.NetworkMember.class);
            policy.checkOwner(c.peer, m.container(), this::resolve);
            engine.tagNetwork(c.param("network"), m.container(), m.commit());
            return null;
        });

        unary(Route.VOLUMES_LIST, c -> engine.volumes());
        unary(Route.VOLUMES_CREATE, c -> engine.createVolume(c.body(VolumeCreateRequest.class)));
        unary(Route.VOLUMES_REMOVE, c -> {
            engine.removeVolume(c.param("volume"));
            return null;
        });
    }

    // ------------------------------------------------------------------ helpers of the endpoints

    private static ImageReference reference(Call c) {
        return ImageReference.parse(c.requiredQuery("reference", "docker.io/library/alpine:latest"));
    }

    private static int integer(String name, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid query parameter " + name + "='" + v
                    + "': not a number", "write a whole number, e.g. ?" + name + "=100");
        }
    }

    private RunRequest runRequest(Call c) {
        RunRequest r = c.body(RunRequest.class);
        policy.checkRun(c.peer, r);
        return r;
    }

    private ContainerInfo created(Call c, ContainerInfo info) {
        policy.recordOwner(info.id(), c.peer);
        return info;
    }

    private String resolve(String reference) {
        return engine.inspectContainer(reference).id();
    }

    private Optional<String> idOf(String reference) {
        try {
            return Optional.of(resolve(reference));
        } catch (XcException e) {
            return Optional.empty();
        }
    }

    /** The container of the path, after checking that the caller may manage it. */
    private String owned(Call c) {
        String ref = c.param("container");
        policy.checkOwner(c.peer, ref, this::resolve);
        return ref;
    }

    private ExecRequest execRequest(Call c, Frames.Frame header) {
        ExecRequest req = c.decode(header.payload(), json.getTypeFactory().constructType(ExecRequest.class));
        if (!req.container().equals(c.param("container"))) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "the exec request names container '"
                    + req.container() + "' but the route names '" + c.param("container") + "'",
                    "send the request to /v1/containers/" + req.container() + "/exec");
        }
        policy.checkOwner(c.peer, req.container(), this::resolve);
        return req;
    }

    private void exec(Call c, Frames.Frame header, InputStream in, FrameOut out) throws IOException {
        ExecRequest req = execRequest(c, header);
        out.result(json.createObjectNode());
        QueueInputStream stdin = new QueueInputStream();
        Thread reader = Thread.ofVirtual().name("xcd-exec-stdin").start(() -> {
            try {
                for (Optional<Frames.Frame> f = Frames.read(in); f.isPresent(); f = Frames.read(in)) {
                    if (f.get().type() == Frames.INPUT) {
                        stdin.offer(f.get().payload());
                    } else if (f.get().type() == Frames.INPUT_CLOSED) {
                        stdin.end();
                    }
                }
            } catch (IOException e) {
                // the client has gone: the process sees the end of its input
            } finally {
                stdin.end();
            }
        });
        try {
            int status = engine.exec(req, stdin, out.stream(Frames.OUTPUT), out.stream(Frames.ERROR));
            out.frame(Frames.ints(Frames.EXIT, status));
        } catch (XcException e) {
            out.frame(Frames.encode(Frames.JSON, json.writeValueAsBytes(Wire.error(e))));
        } finally {
            reader.interrupt();
        }
    }

    private void console(Console console, InputStream in, FrameOut out) throws IOException {
        try (console) {
            out.result(json.createObjectNode());
            Thread reader = Thread.ofVirtual().name("xcd-console-input").start(() -> {
                try {
                    for (Optional<Frames.Frame> f = Frames.read(in); f.isPresent(); f = Frames.read(in)) {
                        switch (f.get().type()) {
                            case Frames.INPUT -> {
                                console.input().write(f.get().payload());
                                console.input().flush();
                            }
                            case Frames.RESIZE -> console.resize(f.get().intAt(0), f.get().intAt(1));
                            case Frames.INPUT_CLOSED -> console.input().close();
                            default -> {
                                // unknown frames from a newer client are skipped
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the client has gone or the process no longer reads: detach below
                } finally {
                    console.close();
                }
            });
            byte[] buf = new byte[8192];
            InputStream output = console.output();
            try {
                for (int n = output.read(buf); n >= 0; n = output.read(buf)) {
                    if (n > 0) {
                        out.frame(Frames.encode(Frames.OUTPUT, buf, 0, n));
                    }
                }
                java.util.OptionalInt status = console.exitStatus();
                out.frame(status.isPresent() ? Frames.ints(Frames.EXIT, status.getAsInt())
                        : Frames.encode(Frames.EXIT, new byte[0]));
                // the client ends its request body on the exit frame: finishing the exchange only then keeps the
                // connection reusable (a response that ends before the request would make Jetty close it)
                try {
                    reader.join(java.time.Duration.ofSeconds(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } finally {
                reader.interrupt();
            }
        }
    }

    private void link(Call c, Frames.Frame header, InputStream in, FrameOut out) throws IOException {
        Lease lease = engine.link(owned(c));
        try (lease) {
            ObjectNode r = json.createObjectNode().put("container", lease.container());
            out.result(r);
            try {
                while (Frames.read(in).isPresent()) {
                    // the lease holds until the client ends its request body or the connection drops
                }
            } catch (IOException e) {
                // the connection dropped: the lease ends
            }
        }
        out.frame(Frames.encode(Frames.EXIT, new byte[0]));
    }

    // ------------------------------------------------------------------ HTTP

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        Optional<Route.Match> m = Route.find(method, path);
        try {
            if (m.isEmpty()) {
                List<String> allowed = Route.methodsAt(path);
                XcException e = allowed.isEmpty()
                        ? XcException.of(ErrorCode.NOT_IMPLEMENTED, "xcd has no route " + method + " " + path,
                        "use an xc client of the same version as xcd; the routes are in openapi.yaml")
                        : XcException.of(ErrorCode.NOT_IMPLEMENTED, "xcd serves " + path + " with "
                        + String.join(", ", allowed) + ", not " + method, "send " + allowed.getFirst());
                sendError(response, callback, allowed.isEmpty() ? 404 : 405, e);
                return true;
            }
            Route route = m.get().route();
            Peer peer = credentials.of(request.getConnectionMetaData().getConnection().getEndPoint());
            Call c = new Call(route, m.get().params(), peer, request, response, json);
            try {
                policy.checkRoute(peer, route);
                serve(c, endpoints.get(route), callback);
            } catch (XcException e) {
                if (e.code() == ErrorCode.PERMISSION_DENIED) {
                    log.accept("refused " + method + " " + path + " to " + peer.describe());
                }
                throw e;
            }
        } catch (XcException e) {
            sendError(response, callback, Wire.status(e.code()), e);
        } catch (RuntimeException | IOException e) {
            log.accept("internal error in " + method + " " + path + ": " + e);
            sendError(response, callback, 500, XcException.of(ErrorCode.INTERNAL, "xcd failed to serve " + method
                    + " " + path + ": " + e, "see xcd's log; report this as a bug", List.of(), e));
        }
        return true;
    }

    private void serve(Call c, Endpoint e, Callback callback) throws IOException {
        switch (e) {
            case Unary u -> {
                Object value = u.fn().serve(c);
                if (value == null) {
                    c.response.setStatus(204);
                    callback.succeeded();
                } else {
                    byte[] b = json.writeValueAsBytes(value);
                    c.response.setStatus(200);
                    c.response.getHeaders().put(HttpHeader.CONTENT_TYPE, Wire.JSON);
                    c.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
                    c.response.write(true, ByteBuffer.wrap(b), callback);
                }
            }
            case Events ev -> {
                NdjsonOut out = new NdjsonOut(c.response);
                Object result;
                try {
                    result = ev.fn().serve(c, event -> out.event(event));
                } catch (XcException x) {
                    if (!out.started()) {
                        throw x;
                    }
                    out.line(Wire.error(x).toString());
                    out.finish(callback);
                    return;
                }
                out.line("{\"result\":" + json.writeValueAsString(result) + "}");
                out.finish(callback);
            }
            case Lines l -> {
                NdjsonOut out = new NdjsonOut(c.response);
                Thread worker = Thread.currentThread();
                c.request.addFailureListener(t -> worker.interrupt());
                try {
                    l.fn().serve(c, item -> {
                        if (!out.lineChecked("{\"" + l.field() + "\":" + write(item) + "}")) {
                            throw XcException.of(ErrorCode.IO_ERROR, "the client of " + c.route.method() + " "
                                    + c.route.template() + " has gone", "");
                        }
                    });
                } catch (XcException x) {
                    if (!out.started()) {
                        throw x;
                    }
                    out.line(Wire.error(x).toString());
                    out.finish(callback);
                    return;
                }
                out.line("{\"end\":true}");
                out.finish(callback);
            }
            case Duplex d -> {
                InputStream in = Content.Source.asInputStream(c.request);
                Optional<Frames.Frame> header = Frames.read(in);
                if (header.isEmpty() || header.get().type() != Frames.JSON) {
                    throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, c.route.method() + " " + c.route.template()
                            + " must start with a JSON frame", "send frames as described in openapi.yaml");
                }
                FrameOut out = new FrameOut(c.response, json);
                try {
                    d.fn().serve(c, header.get(), in, out);
                } catch (XcException x) {
                    if (!out.started()) {
                        throw x;
                    }
                    out.frame(Frames.encode(Frames.JSON, json.writeValueAsBytes(Wire.error(x))));
                }
                out.finish(callback);
            }
        }
    }

    private String write(Object item) {
        try {
            return json.writeValueAsString(item);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + item.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private void sendError(Response response, Callback callback, int status, XcException e) {
        if (response.isCommitted()) {
            callback.failed(e);
            return;
        }
        byte[] b = Wire.error(e).toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Wire.JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
        response.write(true, ByteBuffer.wrap(b), callback);
    }

    // ------------------------------------------------------------------ streaming outputs

    /** An NDJSON response, committed (200) on the first line so that an early error can still have its status. */
    private final class NdjsonOut {
        private final Response response;
        private OutputStream out;
        private boolean gone;

        NdjsonOut(Response response) {
            this.response = response;
        }

        synchronized boolean started() {
            return out != null;
        }

        synchronized void event(Event e) {
            try {
                line("{\"event\":" + json.writerFor(Event.class).writeValueAsString(e) + "}");
            } catch (IOException x) {
                gone = true;
            }
        }

        synchronized boolean lineChecked(String line) {
            line(line);
            return !gone;
        }

        synchronized void line(String line) {
            if (gone) {
                return;
            }
            try {
                if (out == null) {
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Wire.NDJSON);
                    out = Content.Sink.asOutputStream(response);
                }
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                gone = true;
            }
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
}
