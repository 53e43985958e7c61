/**
 * A simulated devfs(8) and devfs rule subsystem for the simulated FreeBSD host, so the devfs backend's commands are
 * checked the way FreeBSD checks them, without a FreeBSD kernel.
 */
@NullMarked
package dev.xc.testkit.devfs;

import org.jspecify.annotations.NullMarked;
