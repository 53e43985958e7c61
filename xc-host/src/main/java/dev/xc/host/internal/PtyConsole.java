package dev.xc.host.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.SpawnRequest;
import dev.xc.api.spi.SupervisedProcess;

import java.util.List;

/**
 * Processes on a pseudo-terminal. Not done yet: spawning with a console fails with {@code NOT_IMPLEMENTED}.
 * The intended mechanism (see the report): FFM {@code openpty(3)} and {@code posix_spawn(3)} with
 * {@code POSIX_SPAWN_SETSID} and file actions that open the replica onto 0, 1 and 2.
 */
public final class PtyConsole {

    private PtyConsole() {
    }

    public static SupervisedProcess spawn(List<String> argv, SpawnRequest request, Command display) {
        throw XcException.of(ErrorCode.NOT_IMPLEMENTED, "cannot start '" + display.display()
                + "' with a console: pseudo-terminal consoles are not implemented yet",
                "start it without a console; its output goes to the log files");
    }
}
