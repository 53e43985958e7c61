package dev.xc.cli.internal;

import dev.xc.api.ErrorCode;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The exit statuses of {@code xc}, derived from {@link ErrorCode.Category} so that the help lists exactly what the
 * error handler returns: 0 success, 1 an unexpected failure, 2 a usage error, and one status per error category,
 * each followed by the error codes of that category (the {@code code} field of {@code --json} errors).
 */
final class ExitCodes {

    private static final Map<ErrorCode.Category, String> MEANING = new EnumMap<>(Map.of(
            ErrorCode.Category.INVALID, "usage error or invalid input",
            ErrorCode.Category.NOT_FOUND, "not found",
            ErrorCode.Category.CONFLICT, "conflict with existing state",
            ErrorCode.Category.PRECONDITION, "a check failed or permission denied",
            ErrorCode.Category.INTEGRITY, "integrity: digest or content is wrong",
            ErrorCode.Category.HOST, "host: a command, system call or provider failed",
            ErrorCode.Category.REMOTE, "registry or daemon",
            ErrorCode.Category.UNSUPPORTED, "unsupported or internal"));

    private ExitCodes() {
    }

    /** Status to meaning, in increasing order of status, as picocli's {@code exitCodeList} wants it. */
    static Map<String, String> list() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("0", "success");
        m.put("1", "unexpected failure (an internal error)");
        for (ErrorCode.Category c : ErrorCode.Category.values()) {
            String codes = List.of(ErrorCode.values()).stream().filter(e -> e.category() == c).map(ErrorCode::id)
                    .collect(Collectors.joining(", "));
            m.put(Integer.toString(c.exitCode()),
                    MEANING.getOrDefault(c, c.name().toLowerCase(Locale.ROOT)) + " (" + codes + ")");
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
