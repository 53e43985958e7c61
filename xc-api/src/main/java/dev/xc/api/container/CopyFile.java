package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A file copied from the host into the container before it starts, as {@code xc run --copy SRC:DST} takes it.
 * {@code SRC} is a host file path (relative paths are resolved by the client); {@code DST} an absolute path inside
 * the container, without {@code ..}. A colon inside a path is written {@code \:} and a backslash {@code \\}, as in
 * {@link VolumeMount}.
 *
 * @param source the host file
 * @param destination the path inside the container
 */
public record CopyFile(Path source, String destination) {

    private static final String SYNTAX = "write SRC:DST, e.g. ./app.conf:/usr/local/etc/app.conf";

    public CopyFile {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (source.toString().isEmpty()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid copy: the source path is empty", SYNTAX);
        }
        if (!Syntax.isSafeAbsolutePath(destination)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid copy destination '" + destination
                    + "': it must be an absolute path inside the container, without '..'", SYNTAX);
        }
    }

    /** Parses {@code SRC:DST}. */
    public static CopyFile parse(String text) {
        Objects.requireNonNull(text, "text");
        List<String> parts = Syntax.splitColons(text);
        if (parts.size() != 2) {
            throw bad(text, parts.size() < 2 ? "a destination is needed after ':'"
                    : "too many ':' (write a colon inside a path as \\:)");
        }
        String src = parts.get(0);
        String dst = parts.get(1);
        if (src.isEmpty() || Syntax.hasNul(src)) {
            throw bad(text, "the source path is empty or contains NUL");
        }
        if (!Syntax.isSafeAbsolutePath(dst)) {
            throw bad(text, "destination '" + dst + "' is not an absolute path without '..'");
        }
        try {
            return new CopyFile(Path.of(src), dst);
        } catch (InvalidPathException e) {
            throw bad(text, "'" + src + "' is not a valid path");
        }
    }

    @Override
    public String toString() {
        return Syntax.escapeColons(source.toString()) + ":" + Syntax.escapeColons(destination);
    }

    private static XcException bad(String text, String why) {
        return XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid copy '" + text + "': " + why, SYNTAX);
    }
}
