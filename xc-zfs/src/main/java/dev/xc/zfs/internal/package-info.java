/**
 * Internals of the zfs backend; not exported.
 */
@NullMarked
package dev.xc.zfs.internal;

import org.jspecify.annotations.NullMarked;
