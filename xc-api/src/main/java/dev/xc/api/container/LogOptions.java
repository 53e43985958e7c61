package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@code xc logs} reads: which streams, how many of the last lines, and whether to keep following.
 *
 * @param follow keep streaming new lines until the container exits
 * @param tail only the last N lines; empty for all
 * @param stdout include standard output (and the console of tty processes)
 * @param stderr include standard error
 */
public record LogOptions(boolean follow, Optional<Integer> tail, boolean stdout, boolean stderr) {
    public LogOptions {
        Objects.requireNonNull(tail, "tail");
        if (tail.isPresent() && tail.get() < 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid --tail " + tail.get()
                    + ": it must not be negative", "use 0 or more lines");
        }
        if (!stdout && !stderr) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid log options: neither stdout nor stderr "
                    + "is selected", "select at least one stream");
        }
    }

    /** Both streams, all lines, no follow. */
    public static LogOptions all() {
        return new LogOptions(false, Optional.empty(), true, true);
    }
}
