package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rctl limits of a container, in the order given. A resource may appear with several actions
 * ({@code memoryuse:log=400M} and {@code memoryuse:deny=512M}) but not twice with the same action.
 *
 * @param limits the limits
 */
public record ResourceLimits(List<ResourceLimit> limits) {

    public ResourceLimits {
        limits = List.copyOf(limits);
        for (int i = 0; i < limits.size(); i++) {
            for (int j = 0; j < i; j++) {
                ResourceLimit a = limits.get(i);
                ResourceLimit b = limits.get(j);
                if (a.resource() == b.resource() && a.action() == b.action()) {
                    throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "duplicate limit: " + b + " and " + a
                                    + " both set " + a.resource().id() + ":" + a.action().id(),
                            "keep one limit per resource and action");
                }
            }
        }
    }

    /** No limits. */
    public static ResourceLimits none() {
        return new ResourceLimits(List.of());
    }

    /** Limits from {@code --limit} texts. */
    public static ResourceLimits parse(List<String> texts) {
        List<ResourceLimit> out = new ArrayList<>();
        for (String t : texts) {
            out.add(ResourceLimit.parse(t));
        }
        return new ResourceLimits(out);
    }

    /** These limits plus {@code limit}, which must not duplicate one of them. */
    public ResourceLimits with(ResourceLimit limit) {
        List<ResourceLimit> out = new ArrayList<>(limits);
        out.add(limit);
        return new ResourceLimits(out);
    }

    /** The limit on {@code resource} with {@code action}, if any. */
    public Optional<ResourceLimit> find(RctlResource resource, RctlAction action) {
        return limits.stream().filter(l -> l.resource() == resource && l.action() == action).findFirst();
    }

    public boolean isEmpty() {
        return limits.isEmpty();
    }

    /** The rctl rules for jail {@code jailName}, in order. */
    public List<String> rules(String jailName) {
        return limits.stream().map(l -> l.rule(jailName)).toList();
    }
}
