package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image platform: operating system, architecture and optional variant, normalised to OCI's spelling.
 * {@code "FreeBSD"} (as the original xc writes it) becomes {@code freebsd}; {@code x86_64} becomes {@code amd64};
 * {@code aarch64} becomes {@code arm64}.
 */
public record Platform(String os, String architecture, Optional<String> variant) {

    private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

    public static final String FREEBSD = "freebsd";
    public static final String LINUX = "linux";

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(variant, "variant");
        os = os.toLowerCase(Locale.ROOT);
        architecture = normaliseArch(architecture.toLowerCase(Locale.ROOT));
        variant = variant.map(v -> v.toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty());
        for (String part : new String[] {os, architecture, variant.orElse("x")}) {
            if (!WORD.matcher(part).matches()) {
                throw XcException.invalid(ErrorCode.INVALID_PLATFORM, "invalid platform part '" + part + "'",
                        "write a platform as os/arch[/variant], e.g. freebsd/amd64 or linux/arm64/v8");
            }
        }
    }

    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, Optional.empty());
    }

    /**
     * Parses {@code os/arch[/variant]}, such as {@code freebsd/amd64}, {@code FreeBSD/x86_64} (normalised to
     * {@code freebsd/amd64}) or {@code linux/arm64/v8}. An empty part, such as a trailing {@code /}, is an error.
     */
    public static Platform parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] p = text.split("/", -1);
        if (p.length < 2 || p.length > 3 || java.util.Arrays.stream(p).anyMatch(String::isEmpty)) {
            throw XcException.invalid(ErrorCode.INVALID_PLATFORM, "invalid platform '" + text + "'",
                    "write a platform as os/arch[/variant], e.g. freebsd/amd64 or linux/arm64/v8");
        }
        return new Platform(p[0], p[1], p.length == 3 ? Optional.of(p[2]) : Optional.empty());
    }

    /** Maps machine names ({@code uname -m}, {@code os.arch}) to OCI architecture names. */
    public static String normaliseArch(String arch) {
        return switch (arch) {
            case "x86_64", "x86-64", "x64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386", "i486", "i586", "i686", "x86" -> "386";
            case "powerpc64le", "ppc64el" -> "ppc64le";
            default -> arch;
        };
    }

    public boolean isFreeBsd() {
        return os.equals(FREEBSD);
    }

    public boolean isLinux() {
        return os.equals(LINUX);
    }

    /** Whether an image built for {@code offered} fits this platform: os and architecture equal, variant equal when both name one. */
    public boolean accepts(Platform offered) {
        return os.equals(offered.os) && architecture.equals(offered.architecture)
                && (variant.isEmpty() || offered.variant.isEmpty() || variant.equals(offered.variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
    }
}
