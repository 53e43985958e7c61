package dev.xc.cli.internal;

import dev.xc.api.Console;
import dev.xc.api.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code xc attach NAME}: the terminal of a container's main process (one run with {@code -t}). */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Attach to the terminal of a container's main process (run with -t): the recent output first,",
                "then live. Detach with Ctrl-P then q; the process keeps running. Exits with the process's status",
                "when it ends while attached."})
final class AttachCommand extends EngineCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CONTAINER", description = "Container id, name or jail id.")
    String container;
    private final InputStream in;

    AttachCommand(Map<String, String> env, InputStream in) {
        super(env);
        this.in = in;
    }

    @Override
    public Integer call() {
        try (Engine engine = openEngine()) {
            Console console = engine.attach(container);
            ConsoleClient.Outcome o = ConsoleClient.run(spec, console, container, in);
            return o.detached() ? 0 : o.exitStatus().orElse(0);
        }
    }
}
