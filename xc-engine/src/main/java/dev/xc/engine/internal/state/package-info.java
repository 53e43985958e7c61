/**
 * Engine internals (state); not exported.
 */
@NullMarked
package dev.xc.engine.internal.state;

import org.jspecify.annotations.NullMarked;
