package dev.xc.api.spi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Objects;
import java.util.Optional;

/**
 * One change in a container's root file system since it was created, as {@code zfs diff -H -F} reports it (and as
 * the directory backend finds it by walking both trees). The image module turns a list of these into a layer.
 *
 * <p>Paths are absolute inside the container ({@code /etc/rc.conf}), never relative to the host, with no escapes:
 * a file named {@code a b} is {@code /a b}. A re-created object is reported as a removal followed by an addition.
 * {@link #toString()} renders the {@code zfs diff -H -F} form relative to the container, for example
 * {@code M\tF\t/etc/rc.conf} or {@code R\tF\t/old\t/new}.
 *
 * @param kind what happened
 * @param type the type of the object (after the change; before it for removals)
 * @param path the object's path inside the container
 * @param renamedTo the new path, present exactly when {@code kind} is {@link Kind#RENAMED}
 */
public record FileChange(Kind kind, FileType type, String path, Optional<String> renamedTo) {

    /** The kinds of change, with the mark {@code zfs diff} prints. */
    public enum Kind {
        ADDED('+'), REMOVED('-'), MODIFIED('M'), RENAMED('R');

        private final char mark;

        Kind(char mark) {
            this.mark = mark;
        }

        /** The mark in {@code zfs diff} output. */
        public char mark() {
            return mark;
        }

        /** The kind whose mark is {@code c}; empty for any other character. */
        public static Optional<Kind> ofMark(char c) {
            for (Kind k : values()) {
                if (k.mark == c) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /** File types, with the letter {@code zfs diff -F} prints. */
    public enum FileType {
        BLOCK_DEVICE('B'), CHARACTER_DEVICE('C'), DIRECTORY('/'), DOOR('>'), FIFO('|'), SYMLINK('@'),
        EVENT_PORT('P'), SOCKET('='), FILE('F'), UNKNOWN('?');

        private final char mark;

        FileType(char mark) {
            this.mark = mark;
        }

        /** The letter in {@code zfs diff -F} output. */
        public char mark() {
            return mark;
        }

        /** The type whose letter is {@code c}; empty for any other character. */
        public static Optional<FileType> ofMark(char c) {
            for (FileType t : values()) {
                if (t.mark == c) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    public FileChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        checkPath(path);
        Objects.requireNonNull(renamedTo, "renamedTo");
        renamedTo.ifPresent(FileChange::checkPath);
        if (renamedTo.isPresent() != (kind == Kind.RENAMED)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "file change " + kind + " of " + path + (renamedTo.isPresent() ? " has" : " lacks") + " a new path",
                    "give a new path for renames and only for renames");
        }
    }

    /** A change that is not a rename. */
    public static FileChange of(Kind kind, FileType type, String path) {
        return new FileChange(kind, type, path, Optional.empty());
    }

    private static void checkPath(String p) {
        Objects.requireNonNull(p, "path");
        if (!p.startsWith("/") || p.indexOf('\0') >= 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "file change path '" + p + "' is not absolute inside the container",
                    "paths start with '/', for example /etc/rc.conf");
        }
    }

    @Override
    public String toString() {
        return kind.mark + "\t" + type.mark + "\t" + path + renamedTo.map(n -> "\t" + n).orElse("");
    }
}
