/**
 * A simulated {@code pfctl(8)}: pf tables, anchors and the nat/rdr rule subset xc writes, strict the way FreeBSD's
 * pfctl is, so the pf backend can be tested without a FreeBSD kernel.
 */
@NullMarked
package dev.xc.testkit.pf;

import org.jspecify.annotations.NullMarked;
