package dev.xc.api.spi;

import java.util.Objects;

/**
 * One devfs rule judged harmful and why, for example rule {@code path 'n*' unhide} with reason
 * {@code unhides nda0 (a disk)}.
 *
 * @param rule the rule in canonical devfs(8) form, as it would be added to the ruleset
 * @param reason what the rule exposes, naming one dangerous device it reaches
 */
public record DevfsFinding(String rule, String reason) {

    public DevfsFinding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        if (rule.isBlank() || reason.isBlank()) {
            throw new IllegalArgumentException("a finding needs a rule and a reason");
        }
    }

    @Override
    public String toString() {
        return rule + " (" + reason + ")";
    }
}
