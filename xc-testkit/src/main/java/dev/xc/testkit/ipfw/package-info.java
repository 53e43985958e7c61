/**
 * A simulated {@code ipfw(8)} (tables and in-kernel NAT redirects) so the ipfw example backend can be tested without
 * a FreeBSD kernel. The syntax it models is marked unverified in freebsd-facts.md 4.4.
 */
@NullMarked
package dev.xc.testkit.ipfw;

import org.jspecify.annotations.NullMarked;
