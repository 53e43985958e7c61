package dev.xc.api.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a multi-platform image (an index) is narrowed to one manifest.
 *
 * <p>The stated policy: with an explicit {@code --platform}, only that platform; otherwise {@code freebsd/<host
 * arch>} first, then {@code linux/<host arch>} when the host can run Linux binaries (the Linuxulator). The original xc
 * matched the architecture alone and could pick a Linux image over a FreeBSD one; this policy cannot.
 *
 * @param hostArchitecture the host's OCI architecture ({@code amd64}, {@code arm64}, ...)
 * @param linuxAllowed whether Linux images may be chosen (the host has, or can load, the Linuxulator)
 * @param override an explicit platform that replaces the preference list
 */
public record PlatformPolicy(String hostArchitecture, boolean linuxAllowed, Optional<Platform> override) {

    public PlatformPolicy {
        Objects.requireNonNull(hostArchitecture, "hostArchitecture");
        Objects.requireNonNull(override, "override");
        // validated and normalised the way Platform does it, so that preference() cannot fail later
        hostArchitecture = Platform.of(Platform.FREEBSD, hostArchitecture).architecture();
    }

    /** The default policy for a host of {@code arch}: FreeBSD first, then Linux. */
    public static PlatformPolicy preferFreeBsd(String arch) {
        return new PlatformPolicy(arch, true, Optional.empty());
    }

    /** The platforms acceptable under this policy, best first. */
    public List<Platform> preference() {
        if (override.isPresent()) {
            return List.of(override.get());
        }
        List<Platform> list = new ArrayList<>();
        list.add(Platform.of(Platform.FREEBSD, hostArchitecture));
        if (linuxAllowed) {
            list.add(Platform.of(Platform.LINUX, hostArchitecture));
        }
        return List.copyOf(list);
    }

    /**
     * Picks the index among {@code offered} that this policy prefers, or empty when none is acceptable (the caller
     * then reports the platforms the image does offer).
     */
    public Optional<Integer> select(List<Platform> offered) {
        for (Platform want : preference()) {
            for (int i = 0; i < offered.size(); i++) {
                if (want.accepts(offered.get(i))) {
                    return Optional.of(i);
                }
            }
        }
        return Optional.empty();
    }
}
