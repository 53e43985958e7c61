/**
 * Internals of the devfs backend; not exported.
 */
@NullMarked
package dev.xc.devfs.internal;

import org.jspecify.annotations.NullMarked;
