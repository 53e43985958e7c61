package dev.xc.cli.internal;

import dev.xc.api.Engine;
import dev.xc.api.EngineFactory;
import dev.xc.api.EngineOptions;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * How to reach the engine: flags of the top command that every sub-command inherits, so they may stand before or
 * after the sub-command ({@code xc -s SOCK ps} and {@code xc ps -s SOCK}).
 */
public final class EngineOptionsMixin {

    @Option(names = {"-s", "--socket-path"}, scope = ScopeType.INHERIT, paramLabel = "PATH",
            description = "The daemon's socket (default /var/run/xc.sock).")
    Path socketPath;

    @Option(names = "--embedded", scope = ScopeType.INHERIT,
            description = "Run the engine inside this process instead of talking to xcd (needs root for containers on FreeBSD).")
    boolean embedded;

    @Option(names = "--remote", scope = ScopeType.INHERIT, description = "Always talk to xcd; fail if it is not running.")
    boolean remote;

    @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Configuration file for --embedded (default /usr/local/etc/xc.conf if it exists, else the embedded default).")
    Path config;

    @Option(names = "--state-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "State directory of the embedded default (default $XC_STATE_DIR, $XDG_DATA_HOME/xc or ~/.local/share/xc).")
    Path stateDir;

    /**
     * Opens the engine the flags ask for: embedded, remote, or (by default) remote when xcd's socket exists, else
     * embedded. The socket is {@code -s PATH}, else {@code $XC_SOCKET}, else the first that exists of
     * {@code /var/run/xc.sock} (a system xcd) and {@code STATE/xc.sock} (an xcd on the embedded default, whose
     * state directory is {@code --state-dir}, {@code $XC_STATE_DIR}, {@code $XDG_DATA_HOME/xc} or
     * {@code ~/.local/share/xc}).
     */
    Engine open(Map<String, String> env) {
        if (embedded && remote) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "--embedded and --remote exclude each other",
                    "pass one of them, or neither to let xc choose");
        }
        List<Path> candidates = socketCandidates(env);
        Path socket = candidates.stream().filter(Files::exists).findFirst().orElse(candidates.getFirst());
        EngineOptions options = new EngineOptions(Optional.ofNullable(config), Optional.ofNullable(stateDir),
                Optional.of(socket), Map.of());
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

    /** Where xcd may listen, most specific first; an explicit socket is the only candidate. */
    List<Path> socketCandidates(Map<String, String> env) {
        if (socketPath != null) {
            return List.of(socketPath);
        }
        String fromEnv = env.get("XC_SOCKET");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return List.of(Path.of(fromEnv));
        }
        return List.of(Path.of("/var/run/xc.sock"), embeddedStateDir(env).resolve("xc.sock"));
    }

    private Path embeddedStateDir(Map<String, String> env) {
        if (stateDir != null) {
            return stateDir;
        }
        String xc = env.get("XC_STATE_DIR");
        if (xc != null && !xc.isBlank()) {
            return Path.of(xc);
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "xc");
        }
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "share", "xc");
    }
}
