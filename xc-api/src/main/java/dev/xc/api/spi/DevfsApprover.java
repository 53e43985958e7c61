package dev.xc.api.spi;

import java.util.List;

/**
 * Decides whether harmful devfs rules may be applied. The CLI asks the user (or answers yes for {@code --yes}); an
 * embedding program supplies its own policy. Called at most once per acquisition, never with an empty list, while the
 * devfs backend holds its lock: it must not call back into the backend.
 */
@FunctionalInterface
public interface DevfsApprover {

    /** Refuses everything: harmful rules then fail with {@code APPROVAL_REQUIRED}. */
    DevfsApprover REFUSE = (request, findings) -> false;

    /** Accepts everything; for {@code --yes}. */
    DevfsApprover ACCEPT = (request, findings) -> true;

    /**
     * Whether {@code findings}, the harmful rules of {@code request} not approved yet, may be applied. A yes is
     * remembered for the request's image digest.
     */
    boolean approve(DevfsRequest request, List<DevfsFinding> findings);
}
