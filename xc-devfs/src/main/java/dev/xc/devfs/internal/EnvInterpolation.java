package dev.xc.devfs.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Map;

/**
 * The variable expansion image devfs rules get, as the original xc does it: {@code ${NAME}}, {@code $NAME},
 * {@code ${NAME:-default}} (the default when NAME is unset or empty) and {@code $$} for a literal dollar. NAME is a
 * shell variable name. An unset variable without default is an {@link ErrorCode#MISSING_ENV} error naming it, never a
 * crash. Stateless.
 */
public final class EnvInterpolation {

    private EnvInterpolation() {
    }

    /**
     * {@code text} with every variable replaced from {@code env}.
     *
     * @param what names the text in messages, for example {@code devfs rule 'path ${DISK} unhide'}
     * @throws XcException {@code MISSING_ENV} for an unset variable, {@code INVALID_SYNTAX} for a malformed reference
     */
    public static String expand(String text, Map<String, String> env, String what) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.length()) {
                throw syntax(what, "it ends with a lone '$'");
            }
            char n = text.charAt(i + 1);
            if (n == '$') {
                out.append('$');
                i += 2;
            } else if (n == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw syntax(what, "the '${' at column " + (i + 1) + " is not closed");
                }
                String body = text.substring(i + 2, close);
                int sep = body.indexOf(":-");
                String name = sep < 0 ? body : body.substring(0, sep);
                checkName(name, what);
                String value = env.get(name);
                if (sep >= 0) {
                    out.append(value == null || value.isEmpty() ? body.substring(sep + 2) : value);
                } else {
                    out.append(require(name, value, what));
                }
                i = close + 1;
            } else if (n == '_' || Character.isLetter(n) && n < 0x80) {
                int end = i + 1;
                while (end < text.length() && isNameChar(text.charAt(end))) {
                    end++;
                }
                String name = text.substring(i + 1, end);
                out.append(require(name, env.get(name), what));
                i = end;
            } else {
                throw syntax(what, "the '$' at column " + (i + 1) + " starts no variable");
            }
        }
        return out.toString();
    }

    private static boolean isNameChar(char c) {
        return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static void checkName(String name, String what) {
        if (name.isEmpty() || !name.chars().allMatch(c -> isNameChar((char) c)) || Character.isDigit(name.charAt(0))) {
            throw syntax(what, "'" + name + "' is not a variable name");
        }
    }

    private static String require(String name, String value, String what) {
        if (value == null) {
            throw XcException.of(ErrorCode.MISSING_ENV,
                    what + " uses the variable " + name + ", which the container's environment does not set",
                    "set it with -e " + name + "=VALUE, or write ${" + name + ":-DEFAULT} in the image");
        }
        return value;
    }

    private static XcException syntax(String what, String problem) {
        return XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid " + what + ": " + problem,
                "write ${NAME}, $NAME or ${NAME:-default}, and $$ for a literal '$'");
    }
}
