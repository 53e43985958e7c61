/**
 * Named volumes: their rows in the engine's state database, their data in the storage backend (or a plain
 * directory), and the lookups a run needs to mount them; kept apart so that containers only read them.
 */
@NullMarked
package dev.xc.engine.internal.volume;

import org.jspecify.annotations.NullMarked;
