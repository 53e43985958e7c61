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
 */
public record RunPlan(RunRequest request, List<PlanStep> steps, List<Problem> problems, List<String> warnings) {
    public RunPlan {
        Objects.requireNonNull(request, "request");
        steps = List.copyOf(steps);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** Whether the plan can be applied. */
    public boolean isRunnable() {
        return problems.isEmpty();
    }
}
