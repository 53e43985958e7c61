/**
 * Internals of the freebsd-jail backend; not exported.
 */
@NullMarked
package dev.xc.jail.internal;

import org.jspecify.annotations.NullMarked;
