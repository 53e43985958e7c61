package dev.xc.cli.internal;

import dev.xc.api.Engine;
import dev.xc.api.EngineFactory;
import dev.xc.api.EngineOptions;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** How to reach the engine: flags shared by every command. */
public final class EngineOptionsMixin {

    @Option(names = {"-s", "--socket-path"}, paramLabel = "PATH",
            description = "The daemon's socket (default /var/run/xc.sock).")
    Path socketPath;

    @Option(names = "--embedded",
            description = "Run the engine inside this process instead of talking to xcd (needs root for containers on FreeBSD).")
    boolean embedded;

    @Option(names = "--remote", description = "Always talk to xcd; fail if it is not running.")
    boolean remote;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file for --embedded (default /usr/local/etc/xc.conf if it exists, else the embedded default).")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "State directory of the embedded default (default $XC_STATE_DIR, $XDG_DATA_HOME/xc or ~/.local/share/xc).")
    Path stateDir;

    /** Opens the engine the flags ask for: embedded, remote, or (by default) remote when xcd's socket exists, else embedded. */
    Engine open(Map<String, String> env) {
        if (embedded && remote) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "--embedded and --remote exclude each other",
                    "pass one of them, or neither to let xc choose");
        }
        EngineOptions options = new EngineOptions(Optional.ofNullable(config), Optional.ofNullable(stateDir),
                Optional.ofNullable(socketPath), Map.of());
        Path socket = Optional.ofNullable(socketPath)
                .or(() -> Optional.ofNullable(env.get("XC_SOCKET")).map(Path::of))
                .orElse(Path.of("/var/run/xc.sock"));
        options = options.withSocketPath(socket);
        String want = embedded ? "embedded" : remote ? "remote" : Files.exists(socket) ? "remote" : "embedded";
        List<String> found = new ArrayList<>();
        for (EngineFactory f : ServiceLoader.load(EngineFactory.class)) {
            found.add(f.name());
            if (f.name().equals(want)) {
                return f.open(options);
            }
        }
        throw XcException.of(ErrorCode.NO_PROVIDER,
                "no '" + want + "' engine is installed (found: " + (found.isEmpty() ? "none" : String.join(", ", found)) + ")",
                want.equals("embedded") ? "put the xc-engine module on the module path, or start xcd"
                        : "put the xc-client module on the module path");
    }
}
