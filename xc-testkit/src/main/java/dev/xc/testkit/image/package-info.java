/**
 * Image fixtures: file-tree snapshots to compare unpacked roots, and a copying layer writer that gives any test
 * the commit-or-discard behaviour of a real storage backend.
 */
@NullMarked
package dev.xc.testkit.image;

import org.jspecify.annotations.NullMarked;
