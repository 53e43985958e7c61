package dev.xc.cli.internal;

import dev.xc.api.Engine;
import dev.xc.api.Lease;
import dev.xc.api.XcException;
import dev.xc.api.container.ContainerInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code xc link NAME}: holds the container for as long as this command runs. Interrupting it (Ctrl-C, SIGTERM)
 * closes the lease, which kills the container; when the container stops by itself the command returns its exit
 * status.
 */
@Command(name = "link", mixinStandardHelpOptions = true,
        description = {"Tie a container's life to this command: it waits while the container runs; interrupting it",
                "(Ctrl-C) kills the container. Over xcd, a dropped connection does the same.",
                "Exit status: the container's when it stops by itself."})
final class LinkCommand extends EngineCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CONTAINER", description = "Container name or id.")
    String container;

    LinkCommand(Map<String, String> env) {
        super(env);
    }

    @Override
    public Integer call() {
        try (Engine engine = openEngine(); Lease lease = engine.link(container)) {
            Thread closer = new Thread(lease::close, "xc-link-close");
            Runtime.getRuntime().addShutdownHook(closer);
            try {
                print("linked to " + lease.container() + "; interrupt to kill it");
                ContainerInfo now = engine.inspectContainer(container);
                while (now.state().isActive() || now.state().id().equals("created")) {
                    Thread.sleep(200);
                    now = engine.inspectContainer(container);
                }
                return now.exitCode().orElse(now.fault().isPresent() ? 1 : 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            } catch (XcException e) {
                if (e.code() == dev.xc.api.ErrorCode.CONTAINER_NOT_FOUND) {
                    return 0; // removed meanwhile: nothing left to hold
                }
                throw e;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(closer);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it closes the lease
                }
            }
        }
    }
}
