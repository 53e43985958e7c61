package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** Validation and copying shared by the image records; not part of the API. */
final class Checks {

    /** An environment variable name, as the original xc's {@code Var} accepts it. */
    static final Pattern VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Checks() {
    }

    /** An unmodifiable copy of {@code map} that keeps its iteration order; null keys and values are rejected. */
    static <K, V> Map<K, V> orderedCopy(Map<K, V> map, String what) {
        Objects.requireNonNull(map, what);
        Map<K, V> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, what + " key"),
                Objects.requireNonNull(v, what + " value")));
        return Collections.unmodifiableMap(copy);
    }

    /** Throws unless {@code name} is a valid environment variable name. */
    static String varName(String name, String where) {
        Objects.requireNonNull(name, "name");
        if (!VAR.matcher(name).matches()) {
            throw XcException.invalid(ErrorCode.INVALID_NAME,
                    "invalid environment variable name '" + name + "' in " + where
                            + ": it must be a letter or '_' followed by letters, digits or '_'",
                    "rename it, e.g. DB_PASSWORD or _PORT2");
        }
        return name;
    }

    /** Throws unless {@code path} is an absolute path without {@code .}/{@code ..} components or control characters. */
    static String absolutePath(String path, String what, ErrorCode code) {
        Objects.requireNonNull(path, what);
        if (!path.startsWith("/")) {
            throw XcException.invalid(code, what + " '" + path + "' is not an absolute path",
                    "write it from the root of the container, e.g. /var/db/app");
        }
        for (String c : path.split("/", -1)) {
            if (c.equals("..") || c.equals(".")) {
                throw XcException.invalid(code, what + " '" + path + "' contains a '" + c + "' component",
                        "write the path without . or .. components, e.g. /var/db/app");
            }
        }
        noControl(path, what, code);
        return path;
    }

    /** Throws if {@code text} contains a control character (newline, NUL, ...). */
    static String noControl(String text, String what, ErrorCode code) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c == 0x7f) {
                throw XcException.invalid(code, what + " '" + text.replace("\n", "\\n").replace("\0", "\\0")
                                + "' contains a control character at position " + i,
                        "remove the newline or control character");
            }
        }
        return text;
    }

    /** Throws if {@code text} is empty or blank. */
    static String nonBlank(String text, String what, ErrorCode code) {
        Objects.requireNonNull(text, what);
        if (text.isBlank()) {
            throw XcException.invalid(code, what + " is empty", "give a non-empty " + what);
        }
        return text;
    }

    /** An unmodifiable copy of {@code list}; null elements are rejected. */
    static <T> List<T> listCopy(List<T> list, String what) {
        Objects.requireNonNull(list, what);
        return List.copyOf(list);
    }
}
