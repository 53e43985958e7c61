/**
 * Internals of the dtrace backend; not exported.
 */
@NullMarked
package dev.xc.dtrace.internal;

import org.jspecify.annotations.NullMarked;
