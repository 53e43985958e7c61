/**
 * The engine: opens the configuration, chooses backends found with {@link java.util.ServiceLoader}, and (as it grows)
 * keeps state in SQLite, plans runs, applies them with an undo journal and reconciles after a crash.
 */
@NullMarked
package dev.xc.engine;

import org.jspecify.annotations.NullMarked;
