package dev.xc.api.container;

import dev.xc.api.Problem;

import java.util.List;
import java.util.Objects;

/**
 * What the engine would do for a {@link RunRequest}, without doing it: the pure value {@code xc run --dry-run}
 * prints. Steps are in apply order; {@code problems} are the sanity-check failures (all of them, not only the
 * first), and a plan with problems would not be applied; {@code warnings} are things worth knowing that do not stop
 * the run.
 *
 * @param request the request planned
 * @param steps the effects, in order
 * @param problems why the run cannot go ahead; empty when it can
 * @param warnings remarks that do not stop the run
 * @param devfsApprovals the image's devfs rules (as interpolated) that expose dangerous devices and are not approved
 *        yet: pass each to {@code RunRequest.Builder.approveDevfsRule} once the user agrees (each also stands in
 *        {@code problems} as {@code APPROVAL_REQUIRED})
 */
public record RunPlan(RunRequest request, List<PlanStep> steps, List<Problem> problems, List<String> warnings,
                      List<String> devfsApprovals) {
    public RunPlan {
        Objects.requireNonNull(request, "request");
        steps = List.copyOf(steps);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
        devfsApprovals = List.copyOf(devfsApprovals);
    }

    /** A plan that needs no devfs approval. */
    public RunPlan(RunRequest request, List<PlanStep> steps, List<Problem> problems, List<String> warnings) {
        this(request, steps, problems, warnings, List.of());
    }

    /** Whether the plan can be applied. */
    public boolean isRunnable() {
        return problems.isEmpty();
    }
}
