package dev.xc.jail;

import java.util.Objects;

/**
 * What xc knows about one kernel jail parameter: its name, kernel type and limits, checked before any call.
 *
 * @param name the kernel name ({@code host.hostname}, {@code allow.mount.nullfs})
 * @param type the kernel type
 * @param min for {@link JailParameterType#INT}/{@link JailParameterType#ULONG}: the smallest accepted value; for
 *        {@link JailParameterType#STRING}: the fewest bytes
 * @param max for numbers: the largest accepted value; for strings: the most bytes without the NUL
 * @param createOnly whether the kernel refuses it on update ("X cannot be changed after creation")
 * @param sinceOsreldate the first {@code kern.osreldate} that has it (0: every supported release)
 * @param source where it was checked: a section of freebsd-facts.md
 */
public record JailParameterDef(String name, JailParameterType type, long min, long max, boolean createOnly,
                               int sinceOsreldate, String source) {

    public JailParameterDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        if (min > max) {
            throw new IllegalArgumentException("min > max for " + name);
        }
    }
}
