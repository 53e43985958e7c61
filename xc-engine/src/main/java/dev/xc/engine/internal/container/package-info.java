/**
 * Containers: planning a run as a pure value, the checks before it, applying it step by step with an undo journal,
 * supervising the main process, exec, logs and teardown. Kept apart from the engine front so that each piece can be
 * tested against the simulated host.
 */
@NullMarked
package dev.xc.engine.internal.container;

import org.jspecify.annotations.NullMarked;
