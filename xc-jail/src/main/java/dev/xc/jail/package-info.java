/**
 * The freebsd-jail backend: FreeBSD jails through jail_set(2), jail_remove(2) and nmount(2). The provider is the public entry; the work happens in {@code internal}.
 */
@NullMarked
package dev.xc.jail;

import org.jspecify.annotations.NullMarked;
