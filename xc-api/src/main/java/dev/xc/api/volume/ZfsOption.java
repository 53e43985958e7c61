package dev.xc.api.volume;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One ZFS property given at volume creation, as {@code xc volume create -o KEY=VALUE} takes it, e.g.
 * {@code compression=lz4}, {@code recordsize=1M}, {@code com.example:backup=yes}.
 *
 * <p>The property name is 1-256 characters of lower-case letters, digits and {@code _ . : + -}, starting with a
 * letter (native properties and user properties {@code module:name}). User properties in the {@code xc:} namespace
 * are the engine's own tags and are refused. The value is everything after the first {@code =}: not empty, no NUL
 * or line break.
 *
 * @param property the property name
 * @param value its value
 */
public record ZfsOption(String property, String value) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.:+-]{0,255}");
    private static final String SYNTAX = "invalid zfs option, accepted formats are $key=$value, e.g. compression=lz4";

    public ZfsOption {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(value, "value");
        String why = problem(property, value);
        if (why != null) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid zfs option '" + property + "=" + value
                    + "': " + why, SYNTAX);
        }
    }

    /** Parses {@code KEY=VALUE}. */
    public static ZfsOption parse(String text) {
        Objects.requireNonNull(text, "text");
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid zfs option '" + text
                    + "': no '=' between the property and its value", SYNTAX);
        }
        String p = text.substring(0, eq);
        String v = text.substring(eq + 1);
        String why = problem(p, v);
        if (why != null) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid zfs option '" + text + "': " + why, SYNTAX);
        }
        return new ZfsOption(p, v);
    }

    private static @Nullable String problem(String p, String v) {
        if (!NAME.matcher(p).matches()) {
            return "'" + p + "' is not a property name (lower-case letters, digits, '_', '.', ':', '+', '-', "
                    + "starting with a letter)";
        }
        if (p.startsWith("xc:")) {
            return "the xc: user properties are reserved for the engine's own tags";
        }
        if (v.isEmpty()) {
            return "the value of " + p + " is empty";
        }
        if (v.indexOf('\0') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return "the value of " + p + " contains a NUL or line break";
        }
        return null;
    }

    @Override
    public String toString() {
        return property + "=" + value;
    }
}
