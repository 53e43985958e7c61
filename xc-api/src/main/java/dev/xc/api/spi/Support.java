package dev.xc.api.spi;

import java.util.Objects;

/**
 * A provider's answer to "do you work on this host?", with the reason when the answer is no (shown to the user when no
 * provider of a kind can be used).
 */
public record Support(boolean supported, String reason) {

    public Support {
        Objects.requireNonNull(reason, "reason");
        if (!supported && reason.isBlank()) {
            throw new IllegalArgumentException("a provider that declines must say why");
        }
    }

    public static Support yes() {
        return new Support(true, "");
    }

    public static Support no(String reason) {
        return new Support(false, reason);
    }

    /** Yes on a FreeBSD kernel (real or simulated), else no, naming what the host runs. */
    public static Support freeBsdOnly(HostInfo info) {
        return info.isFreeBsd() ? yes()
                : no("needs a FreeBSD kernel; this host runs " + info.osName() + " " + info.release());
    }

    /** This answer when it is no; otherwise the next check's. */
    public Support then(java.util.function.Supplier<Support> next) {
        return supported ? next.get() : this;
    }
}
