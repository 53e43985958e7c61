package dev.xc.server;

import dev.xc.api.Engine;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.server.internal.AccessPolicy;
import dev.xc.server.internal.ApiHandler;
import dev.xc.server.internal.PeerCredentials;
import dev.xc.server.internal.SocketFile;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An {@link Engine} served on a UNIX socket: what {@code xcd} runs, and what tests and embedding programs start in
 * process.
 *
 * <p>{@snippet :
 * try (Engine engine = EmbeddedEngines.open(EngineOptions.defaults());
 *      XcdServer server = XcdServer.start(engine, Path.of("/var/run/xc.sock"), Optional.of("xc"), System.err::println)) {
 *     server.join();
 * }
 * }
 *
 * <p>Thread-safe. Closing stops accepting, ends the exchanges in progress and removes the socket; the engine is the
 * caller's to close.
 */
public final class XcdServer implements AutoCloseable {

    private final Server jetty;
    private final Path socket;
    private final Object fileKey;
    private final Consumer<String> log;

    private XcdServer(Server jetty, Path socket, Object fileKey, Consumer<String> log) {
        this.jetty = jetty;
        this.socket = socket;
        this.fileKey = fileKey;
        this.log = log;
    }

    /**
     * Prepares {@code socket} (a stale socket is removed; a live one, or any other file, is refused), serves
     * {@code engine} on it, and gives the socket mode 0660 and {@code group}.
     *
     * @param log receives one line per notable event (start, stale socket removed, refused call, internal error)
     * @throws XcException {@link ErrorCode#RESOURCE_BUSY} when the path is taken, {@link ErrorCode#INVALID_ARGUMENT}
     *         for an unknown group, {@link ErrorCode#IO_ERROR} when binding fails
     */
    public static XcdServer start(Engine engine, Path socket, Optional<String> group, Consumer<String> log) {
        Objects.requireNonNull(engine, "engine");
        Optional<GroupPrincipal> g = group.map(SocketFile::group);
        SocketFile.prepare(socket, log);
        VirtualThreadPool pool = new VirtualThreadPool();
        pool.setName("xcd");
        Server jetty = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        UnixDomainServerConnector connector = new UnixDomainServerConnector(jetty, new HttpConnectionFactory(http));
        // bind under a temporary name, set mode and group, then rename: the socket appears at its path already
        // protected (there is no umask to set from Java)
        Path staging = socket.resolveSibling("." + socket.getFileName() + "." + ProcessHandle.current().pid() + ".new");
        connector.setUnixDomainPath(staging);
        // a lease (xc link) or a followed log may stay quiet for hours: no idle timeout on a local socket
        connector.setIdleTimeout(0);
        jetty.addConnector(connector);
        jetty.setHandler(new ApiHandler(engine, new AccessPolicy(), new PeerCredentials(), log));
        jetty.setStopTimeout(5000);
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // already failed
            }
            throw XcException.of(ErrorCode.IO_ERROR, "cannot listen on " + socket + ": " + e,
                    "check the path and its directory's permissions", List.of(), e);
        }
        Object key;
        try {
            SocketFile.protect(staging, g);
            java.nio.file.Files.move(staging, socket, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            key = java.nio.file.Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (java.io.IOException | RuntimeException e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // already failed
            }
            throw e instanceof XcException x ? x : XcException.of(ErrorCode.IO_ERROR, "cannot put the socket at "
                    + socket + ": " + e, "check the directory's permissions", List.of(), e);
        }
        log.accept("listening on " + socket + " (mode 0660" + group.map(n -> ", group " + n).orElse("") + ")");
        return new XcdServer(jetty, socket, key, log);
    }

    /** The socket served. */
    public Path socket() {
        return socket;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /** Stops serving and removes the socket. Idempotent. */
    @Override
    public void close() {
        if (jetty.isStopped()) {
            return;
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            log.accept("error while stopping: " + e);
        }
        // remove the socket only if it is still the one this server made
        try {
            Object now = java.nio.file.Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).fileKey();
            if (Objects.equals(now, fileKey) && SocketFile.isSocket(socket)) {
                java.nio.file.Files.delete(socket);
                log.accept("stopped; removed " + socket);
            } else {
                log.accept("stopped; " + socket + " is no longer this daemon's socket and was left alone");
            }
        } catch (java.nio.file.NoSuchFileException e) {
            log.accept("stopped; " + socket + " was already gone");
        } catch (java.io.IOException e) {
            log.accept("stopped; cannot remove " + socket + ": " + e);
        }
    }
}
