/**
 * Engine internals (net); not exported.
 */
@NullMarked
package dev.xc.engine.internal.net;

import org.jspecify.annotations.NullMarked;
