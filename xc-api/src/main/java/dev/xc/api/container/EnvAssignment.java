package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Objects;

/**
 * An environment assignment, as {@code xc run -e} and {@code xc exec -e} take it: {@code NAME=VALUE}.
 *
 * <p>The name is {@code [A-Za-z_][A-Za-z0-9_]*}; the value is everything after the first {@code =} and may be empty
 * or contain {@code =} ({@code -e OPTS=a=b}). {@code -e NAME} without {@code =} is refused with a message (the
 * original xc panicked). Values may not contain NUL. {@link #toString()} writes {@code NAME=VALUE}; beware that it
 * shows the value, so do not log assignments that may hold secrets.
 *
 * @param name the variable name
 * @param value its value
 */
public record EnvAssignment(String name, String value) {

    public EnvAssignment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Syntax.checkEnvName(name, "environment variable name");
        if (Syntax.hasNul(value)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid value of environment variable " + name
                    + ": it contains a NUL character", "remove the NUL character");
        }
    }

    /** Parses {@code NAME=VALUE}. */
    public static EnvAssignment parse(String text) {
        Objects.requireNonNull(text, "text");
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid environment assignment '" + text
                            + "': a value is needed (NAME=VALUE)",
                    "write " + text + "=VALUE, or " + text + "= for an empty value");
        }
        String name = text.substring(0, eq);
        if (!isValidName(name)) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid environment assignment '" + text
                            + "': '" + name + "' is not a variable name (a letter or '_', then letters, digits or '_')",
                    "write NAME=VALUE, e.g. DATA_DIR=/data");
        }
        return new EnvAssignment(name, text.substring(eq + 1));
    }

    /** Whether {@code name} is a valid environment variable name. */
    public static boolean isValidName(String name) {
        return Syntax.ENV_NAME.matcher(name).matches();
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
