/**
 * Test support: a simulated FreeBSD host that is strict about FreeBSD's syntax, and fixtures (registry, images) for
 * tests of every module.
 */
@NullMarked
package dev.xc.testkit;

import org.jspecify.annotations.NullMarked;
