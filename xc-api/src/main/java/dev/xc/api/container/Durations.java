package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration syntax of health checks and stop timeouts: whole numbers with units {@code h}, {@code m}, {@code s}
 * and {@code ms}, largest unit first, each unit at most once. Examples: {@code 30s}, {@code 1m30s}, {@code 500ms},
 * {@code 2h}, {@code 1h0m5s}, {@code 0s}. A bare number has no unit and is refused; so are negative values and
 * fractions. {@link #format} writes the canonical text ({@code 90s} becomes {@code 1m30s}). Stateless and
 * thread-safe.
 */
public final class Durations {

    private static final Pattern TOKEN = Pattern.compile("([0-9]{1,18})(ms|h|m|s)");
    private static final String SYNTAX =
            "write whole numbers with units h, m, s, ms, largest first, e.g. 1m30s or 500ms";

    private Durations() {
    }

    /** Parses the syntax described on the class. */
    public static Duration parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw bad(text, "the duration is empty");
        }
        Matcher m = TOKEN.matcher(text);
        int pos = 0;
        int lastRank = Integer.MAX_VALUE;
        Duration total = Duration.ZERO;
        while (pos < text.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw bad(text, "'" + text.substring(pos) + "' is not a number followed by h, m, s or ms");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2);
            int rank = switch (unit) {
                case "h" -> 3;
                case "m" -> 2;
                case "s" -> 1;
                default -> 0;
            };
            if (rank >= lastRank) {
                throw bad(text, "unit '" + unit + "' repeated or out of order (largest unit first)");
            }
            lastRank = rank;
            try {
                Duration part = switch (unit) {
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "s" -> Duration.ofSeconds(n);
                    default -> Duration.ofMillis(n);
                };
                total = total.plus(part);
            } catch (ArithmeticException e) {
                throw bad(text, "the duration is too long");
            }
            pos = m.end();
        }
        return total;
    }

    /**
     * The canonical text of {@code d}.
     *
     * @throws XcException {@link ErrorCode#INVALID_ARGUMENT} for negative durations or ones finer than a millisecond
     */
    public static String format(Duration d) {
        requireMillis(d, "duration");
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long h = d.toHours();
        int m = d.toMinutesPart();
        int s = d.toSecondsPart();
        int ms = d.toMillisPart();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        if (ms > 0) {
            sb.append(ms).append("ms");
        }
        return sb.toString();
    }

    /** Checks that {@code d} is non-negative and a whole number of milliseconds. */
    static Duration requireMillis(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid " + what + " " + d
                    + ": it must be zero or positive, in whole milliseconds", SYNTAX);
        }
        return d;
    }

    private static XcException bad(String text, String why) {
        return XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid duration '" + text + "': " + why, SYNTAX);
    }
}
