package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One step of a {@link RunPlan}: what kind of effect it is ({@code rootfs}, {@code mount}, {@code jail},
 * {@code address}, {@code pf-table}, {@code rdr}, {@code devfs}, {@code rctl}, {@code resolv.conf}, {@code process},
 * ...), a sentence for people, and the exact values (argv, parameters) as ordered key/value pairs.
 *
 * @param kind the kind of effect, lower-case words joined by {@code -} or {@code .}
 * @param description what the step does
 * @param details the values it uses, in a stable order
 */
public record PlanStep(String kind, String description, Map<String, String> details) {

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9.-]*");

    public PlanStep {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        if (!KIND.matcher(kind).matches()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid plan step kind '" + kind + "'",
                    "use lower-case words joined by '-' or '.'");
        }
        if (description.isBlank()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "plan step '" + kind + "' has no description",
                    "describe what the step does");
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        details.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, k)));
        details = Collections.unmodifiableMap(copy);
    }

    /** A step without details. */
    public static PlanStep of(String kind, String description) {
        return new PlanStep(kind, description, Map.of());
    }
}
