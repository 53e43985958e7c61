/**
 * ZFS for tests: a simulated {@code zfs} command backed by directories, and a fixture that runs the real
 * {@code zfs-fuse} daemon with a file-backed pool, so storage backends can be tested without a FreeBSD kernel.
 */
@NullMarked
package dev.xc.testkit.zfs;

import org.jspecify.annotations.NullMarked;
