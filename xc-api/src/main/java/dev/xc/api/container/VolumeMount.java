package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.volume.VolumeCreateRequest;

import java.util.List;
import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A volume mount, as {@code xc run -v} takes it: {@code SRC:DST[:ro|:rw]}.
 *
 * <p>{@code SRC} starting with {@code /} or {@code .} is a host path ({@link #isHostPath()}; the client resolves a
 * relative one); anything else names a volume ({@link VolumeCreateRequest#checkName}). {@code DST} is an absolute path
 * inside the container (no {@code ..}) or the key of a volume spec of the image ({@code [A-Za-z0-9_][A-Za-z0-9_.-]*}),
 * in which case the spec's mount point is used. {@code :ro} mounts read-only (and is enforced, unlike the original),
 * {@code :rw} is the default. Inside a path, {@code \:} is a literal colon and {@code \\} a literal backslash, and
 * both are unescaped (the original kept the backslash); any other backslash is literal.
 *
 * <p>Examples: {@code /srv/www:/usr/local/www}, {@code pgdata:/var/db/postgres:ro}, {@code ./conf:config},
 * {@code /mnt/a\:b:/data}. {@link #toString()} writes the canonical text ({@code :rw} omitted).
 *
 * @param source a host path or a volume name
 * @param destination a container path or an image volume key
 * @param readOnly whether to mount read-only
 */
public record VolumeMount(String source, String destination, boolean readOnly) {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final String SYNTAX = "write SRC:DST[:ro], e.g. /srv/data:/data:ro or pgdata:/var/db/postgres";

    public VolumeMount {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        String why = problem(source, destination);
        if (why != null) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid volume mount '" + source + "' on '"
                    + destination + "': " + why, SYNTAX);
        }
    }

    /** Parses the syntax described on the class. */
    public static VolumeMount parse(String text) {
        Objects.requireNonNull(text, "text");
        List<String> parts = Syntax.splitColons(text);
        if (parts.size() < 2) {
            throw bad(text, "a destination is needed after ':'");
        }
        if (parts.size() > 3) {
            throw bad(text, "too many ':' (write a colon inside a path as \\:)");
        }
        boolean ro = false;
        if (parts.size() == 3) {
            ro = switch (parts.get(2)) {
                case "ro" -> true;
                case "rw" -> false;
                default -> throw bad(text, "unknown mode '" + parts.get(2) + "' (use ro or rw)");
            };
        }
        String why = problem(parts.get(0), parts.get(1));
        if (why != null) {
            throw bad(text, why);
        }
        return new VolumeMount(parts.get(0), parts.get(1), ro);
    }

    /** Whether the source is a host path rather than a named volume. */
    public boolean isHostPath() {
        return isHostPath(source);
    }

    /** Whether the destination is the key of an image volume spec rather than a path. */
    public boolean isImageVolumeKey() {
        return !destination.startsWith("/");
    }

    @Override
    public String toString() {
        return Syntax.escapeColons(source) + ":" + Syntax.escapeColons(destination) + (readOnly ? ":ro" : "");
    }

    private static boolean isHostPath(String s) {
        return s.startsWith("/") || s.startsWith(".");
    }

    private static @Nullable String problem(String src, String dst) {
        if (src.isEmpty()) {
            return "the source is empty";
        }
        if (isHostPath(src)) {
            if (Syntax.hasNul(src)) {
                return "the source path contains NUL";
            }
        } else if (!VolumeCreateRequest.isValidName(src)) {
            return "'" + src + "' is neither a host path (starting with / or .) nor a volume name";
        }
        if (dst.isEmpty()) {
            return "the destination is empty";
        }
        if (dst.startsWith("/")) {
            if (!Syntax.isSafeAbsolutePath(dst)) {
                return "destination '" + dst + "' must not contain '..' or NUL";
            }
        } else if (!KEY.matcher(dst).matches()) {
            return "destination '" + dst + "' is neither an absolute path nor an image volume name";
        }
        return null;
    }

    private static XcException bad(String text, String why) {
        return XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid volume mount '" + text + "': " + why, SYNTAX);
    }
}
