/**
 * The simulated FreeBSD kernel: a jail table, a mount table and the network interfaces, with the rules and error
 * texts of FreeBSD 14's {@code kern_jail.c} and {@code vfs_mount.c}, so that the real jail backend runs against it in CI.
 */
@NullMarked
package dev.xc.testkit.kernel;

import org.jspecify.annotations.NullMarked;
