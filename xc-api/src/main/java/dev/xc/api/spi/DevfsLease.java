package dev.xc.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * A ruleset held by one owner.
 *
 * @param ruleset the devfs ruleset number: pass it as the jail's {@code devfs_ruleset} and mount option
 *        {@code ruleset=N}
 * @param owner the owner that holds it
 * @param rules the ruleset's rules in order, canonical devfs(8) syntax without {@code add}
 * @param created whether this acquisition created the ruleset on the host (false: shared or already held)
 */
public record DevfsLease(int ruleset, String owner, List<String> rules, boolean created) {

    public DevfsLease {
        if (ruleset < 0 || ruleset > 65535) {
            throw new IllegalArgumentException("a devfs ruleset number is 0..65535, got " + ruleset);
        }
        Objects.requireNonNull(owner, "owner");
        rules = List.copyOf(rules);
    }
}
