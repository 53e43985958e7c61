/**
 * Engine internals (internal); not exported.
 */
@NullMarked
package dev.xc.engine.internal;

import org.jspecify.annotations.NullMarked;
