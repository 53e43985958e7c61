package dev.xc.api.spi;

import java.nio.file.Path;
import java.util.List;

/**
 * Generates devfs rulesets for containers, shares identical ones and removes them with their last user.
 *
 * <p>A container's ruleset is the base jail ruleset (VNET or not), then the rules of the features it asked for, then
 * the image's rules after {@code ${VAR}} interpolation, then its own devices. Identical rulesets get the same number,
 * shared and reference-counted by owner; numbers are taken from the backend's {@code devfs_id_offset} upward and
 * never collide with rulesets the host already has. Image rules that expose disks, memory, pf, bpf or other dangerous
 * devices are harmful and are not applied unless approved; approval is remembered per image digest.
 *
 * <p>Implementations are thread-safe; {@link #acquire} and {@link #release} block while host commands run.
 */
public interface DevfsManager {

    /**
     * The ruleset {@code request} would get and which of its rules are harmful, without changing anything.
     *
     * @throws dev.xc.api.XcException {@code INVALID_SYNTAX} for a malformed rule, {@code MISSING_ENV} for an unset
     *         variable in an image rule
     */
    DevfsPlan plan(DevfsRequest request);

    /**
     * The ruleset for {@code request}, created on the host on first use and shared afterwards. Harmful rules not yet
     * approved are shown to {@code approver}; on a yes the approval is remembered for the image digest. Acquiring
     * again for the same owner and the same rules returns the held ruleset; for other rules it fails with
     * {@code NAME_IN_USE}.
     *
     * @throws dev.xc.api.XcException {@code APPROVAL_REQUIRED} listing each unapproved harmful rule when the approver
     *         says no, {@code INVALID_SYNTAX} / {@code MISSING_ENV} as {@link #plan}, {@code RESOURCE_BUSY} when no
     *         ruleset number is free, {@code COMMAND_FAILED} when devfs(8) fails (what it added is removed again)
     */
    DevfsLease acquire(DevfsRequest request, DevfsApprover approver);

    /**
     * Drops {@code owner}'s reference; the ruleset is removed from the host with its last owner. Idempotent: an owner
     * that holds nothing is ignored.
     *
     * @throws dev.xc.api.XcException {@code COMMAND_FAILED} when devfs(8) fails to remove the ruleset (the
     *         reference is dropped all the same and the removal retried on the next release or acquire)
     */
    void release(String owner);

    /** Every ruleset held, one lease per owner, ordered by ruleset number then owner. */
    List<DevfsLease> leases();

    /**
     * Makes {@code ruleset} the current ruleset of the devfs mounted at {@code mountPoint} and applies it to the nodes
     * already there ({@code devfs -m MP ruleset N}, {@code devfs -m MP rule -s N applyset}); needed only when the
     * devfs was mounted without {@code -o ruleset=N}.
     */
    void applyTo(int ruleset, Path mountPoint);

    /** The rules among {@code rules} (canonical or not) that expose dangerous devices, with the reason for each. */
    List<DevfsFinding> harmful(List<String> rules);
}
