package dev.xc.api.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ruleset a request would get, computed without touching the host: for {@code xc run --dry-run} and the checks
 * before a run.
 *
 * @param rules every rule of the ruleset in order, canonical devfs(8) syntax without {@code add}
 * @param harmful the image rules judged harmful, whether approved or not
 * @param unapproved the harmful rules not yet approved (neither remembered for the image digest nor approved in the
 *        request); a run stops unless an approver accepts them
 * @param existingRuleset the number of an identical ruleset already in use, which the request would share
 */
public record DevfsPlan(List<String> rules, List<DevfsFinding> harmful, List<DevfsFinding> unapproved,
                        Optional<Integer> existingRuleset) {

    public DevfsPlan {
        rules = List.copyOf(rules);
        harmful = List.copyOf(harmful);
        unapproved = List.copyOf(unapproved);
        Objects.requireNonNull(existingRuleset, "existingRuleset");
    }

    /** Whether the request needs approval before it can run. */
    public boolean needsApproval() {
        return !unapproved.isEmpty();
    }
}
