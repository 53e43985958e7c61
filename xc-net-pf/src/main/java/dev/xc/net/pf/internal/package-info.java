/**
 * Internals of the pf backend, not exported: the pure rule renderer, the pfctl command lines, the settings and the
 * backend that runs them.
 */
@NullMarked
package dev.xc.net.pf.internal;

import org.jspecify.annotations.NullMarked;
