package dev.xc.client;

import dev.xc.api.Engine;
import dev.xc.api.EngineFactory;
import dev.xc.api.EngineOptions;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code "remote"} {@link EngineFactory}: an {@link Engine} that talks to a running {@code xcd} over its UNIX
 * socket, for programs that are not root.
 */
public final class RemoteEngineFactory implements EngineFactory {

    /** The socket the original xc and {@code xcd} use by default. */
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/xc.sock");

    @Override
    public String name() {
        return "remote";
    }

    @Override
    public Engine open(EngineOptions options) {
        Path socket = options.socketPath().orElse(DEFAULT_SOCKET);
        if (!Files.exists(socket)) {
            throw XcException.of(ErrorCode.DAEMON_UNREACHABLE,
                    "cannot connect to xcd at " + socket + ": no such socket",
                    "start the daemon (xcd), pass its socket with -s PATH, or use --embedded");
        }
        throw XcException.of(ErrorCode.NOT_IMPLEMENTED,
                "cannot talk to xcd at " + socket + ": this client does not speak the daemon protocol yet",
                "use --embedded to run the engine in this process");
    }
}
