package dev.xc.server;

import dev.xc.api.Engine;
import dev.xc.api.EngineOptions;
import dev.xc.client.RemoteEngineFactory;
import dev.xc.engine.ConfigLoader;
import dev.xc.engine.EmbeddedEngines;
import dev.xc.engine.EngineConfig;
import dev.xc.testkit.SimulatedHost;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test fixtures: a real embedded engine on the simulated host, a real xcd on a real socket, raw HTTP. */
final class Daemons {

    private Daemons() {
    }

    /** The embedded engine on the simulated FreeBSD host, its state under {@code dir}. */
    static Engine embedded(Path dir) {
        EngineConfig cfg = new ConfigLoader(Map.of("HOME", dir.toString()), dir.resolve("none.conf"))
                .load(Optional.empty(), Optional.of(dir.resolve("state")), Map.of()).config();
        return EmbeddedEngines.open(cfg, SimulatedHost.create(), ModuleLayer.boot());
    }

    /** Log lines of a server, for assertions. */
    static final List<String> LOG = new CopyOnWriteArrayList<>();

    static XcdServer serve(Engine engine, Path socket) {
        return XcdServer.start(engine, socket, Optional.empty(), LOG::add);
    }

    static Engine remote(Path socket) {
        return new RemoteEngineFactory().open(EngineOptions.defaults().withSocketPath(socket));
    }

    /** An engine that answers {@code overrides} by method name and passes every other call to {@code base}. */
    static Engine scripted(Engine base, Map<String, InvocationHandler> overrides) {
        return (Engine) Proxy.newProxyInstance(Engine.class.getClassLoader(), new Class<?>[] {Engine.class},
                (proxy, method, args) -> {
                    InvocationHandler h = overrides.get(method.getName());
                    if (h != null) {
                        return h.invoke(proxy, method, args);
                    }
                    try {
                        return method.invoke(base, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A raw HTTP/1.1 answer. */
    record Http(int status, String body) {
    }

    /** Sends one raw HTTP/1.1 request over the socket, as any program could. */
    static Http http(Path socket, String method, String path, String body) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: xcd\r\nConnection: close\r\n"
                    + (b.length > 0 ? "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n" : "")
                    + "\r\n";
            ByteBuffer req = ByteBuffer.allocate(head.length() + b.length);
            req.put(head.getBytes(StandardCharsets.US_ASCII)).put(b).flip();
            try {
                while (req.hasRemaining()) {
                    ch.write(req);
                }
            } catch (IOException e) {
                // the daemon may answer (and close) before reading a body it does not need: read the answer
            }
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            return new Http(status, split < 0 ? "" : text.substring(split + 4));
        }
    }
}
