package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Shared pieces of the container syntaxes: colon-separated paths with escapes, user names, paths. */
final class Syntax {

    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}|[0-9]{1,10}");

    private Syntax() {
    }

    /**
     * Splits on {@code :}; {@code \:} is a literal colon and {@code \\} a literal backslash; any other backslash is
     * kept as it is.
     */
    static List<String> splitColons(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == ':' || text.charAt(i + 1) == '\\')) {
                cur.append(text.charAt(i + 1));
                i++;
            } else if (c == ':') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** The inverse of {@link #splitColons} for one segment. */
    static String escapeColons(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:");
    }

    static boolean hasNul(String s) {
        return s.indexOf('\0') >= 0;
    }

    /** Whether {@code p} is an absolute path without NUL and without {@code ..} components. */
    static boolean isSafeAbsolutePath(String p) {
        if (!p.startsWith("/") || hasNul(p)) {
            return false;
        }
        for (String part : p.split("/", -1)) {
            if (part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Checks a user or group given by name or number. */
    static String checkUser(String value, String what) {
        if (!USER.matcher(value).matches()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid " + what + " '" + value
                            + "': use a name (a letter or '_', then letters, digits, '_', '.' or '-', at most 32) "
                            + "or a numeric id",
                    "write e.g. www or 80");
        }
        return value;
    }

    /** Checks a working directory: an absolute path. */
    static String checkWorkDir(String value) {
        if (!isSafeAbsolutePath(value)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid working directory '" + value
                    + "': it must be an absolute path without '..'", "write e.g. /usr/local/www");
        }
        return value;
    }

    static void checkEnvName(String name, String what) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "invalid " + what + " '" + name
                            + "': an environment variable name is a letter or '_' followed by letters, digits or '_'",
                    "write e.g. DATA_DIR");
        }
    }
}
