package dev.xc.client;

import dev.xc.api.Engine;
import dev.xc.api.EngineFactory;
import dev.xc.api.EngineOptions;
import dev.xc.client.internal.RemoteEngine;

import java.nio.file.Path;

/**
 * The {@code "remote"} {@link EngineFactory}: an {@link Engine} that talks to a running {@code xcd} over its UNIX
 * socket, for programs that are not root. Every method behaves as the in-process engine's does and throws the same
 * {@link dev.xc.api.XcException}s; when the daemon cannot be reached, the code is
 * {@link dev.xc.api.ErrorCode#DAEMON_UNREACHABLE}.
 *
 * <p>{@snippet :
 * try (Engine engine = new RemoteEngineFactory().open(EngineOptions.defaults().withSocketPath(Path.of("/var/run/xc.sock")))) {
 *     engine.networks().forEach(n -> System.out.println(n.spec().name()));
 * }
 * }
 */
public final class RemoteEngineFactory implements EngineFactory {

    /** The socket the original xc and {@code xcd} use by default. */
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/xc.sock");

    @Override
    public String name() {
        return "remote";
    }

    /**
     * Connects to the daemon at {@code options.socketPath()} (default {@link #DEFAULT_SOCKET}) and checks that it
     * answers.
     *
     * @throws dev.xc.api.XcException {@code DAEMON_UNREACHABLE} naming the socket when there is none or nothing
     *         answers on it
     */
    @Override
    public Engine open(EngineOptions options) {
        return RemoteEngine.connect(options.socketPath().orElse(DEFAULT_SOCKET));
    }
}
