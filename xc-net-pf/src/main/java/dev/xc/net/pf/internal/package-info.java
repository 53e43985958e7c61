/**
 * Internals of the pf backend; not exported.
 */
@NullMarked
package dev.xc.net.pf.internal;

import org.jspecify.annotations.NullMarked;
