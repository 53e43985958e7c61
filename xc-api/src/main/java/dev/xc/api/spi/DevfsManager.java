package dev.xc.api.spi;

import java.util.List;

/**
 * Generates devfs rulesets from rule lists, shares identical ones and frees them when unused. Rules use devfs(8)'s
 * {@code rule add} syntax without the {@code add} keyword ({@code path 'tun*' unhide}). Implementations are thread-safe.
 */
public interface DevfsManager {

    /**
     * The ruleset number for the base jail ruleset (VNET or not) plus {@code extraRules}, created on first use and
     * reference-counted.
     */
    int acquire(List<String> extraRules, boolean vnet);

    /** Drops one reference; the ruleset is removed with its last user. */
    void release(int ruleset);

    /** The rules among {@code rules} that expose disks, memory, pf or other dangerous devices. */
    List<String> harmful(List<String> rules);
}
