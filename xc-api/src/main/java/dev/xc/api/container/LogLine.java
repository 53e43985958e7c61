package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a container's log.
 *
 * @param at when it was written
 * @param stream {@value #STDOUT}, {@value #STDERR} or {@value #CONSOLE} (the pty of a tty process)
 * @param text the line without its line break
 */
public record LogLine(Instant at, String stream, String text) {

    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";
    public static final String CONSOLE = "console";

    public LogLine {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(text, "text");
        if (!stream.equals(STDOUT) && !stream.equals(STDERR) && !stream.equals(CONSOLE)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "unknown log stream '" + stream + "'",
                    "use stdout, stderr or console");
        }
    }
}
