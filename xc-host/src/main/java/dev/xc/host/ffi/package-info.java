/**
 * Helpers for calling C functions through {@code java.lang.foreign}: symbol lookup with errno capture, C strings,
 * {@code struct iovec} name/value lists as {@code jail_set(2)}, {@code jail_get(2)} and {@code nmount(2)} take them,
 * and errno-to-{@link dev.xc.api.XcException} mapping; exported because the FreeBSD backends (jails, mounts) call the
 * kernel through them and must not each reinvent memory layout and error handling.
 */
@NullMarked
package dev.xc.host.ffi;

import org.jspecify.annotations.NullMarked;
