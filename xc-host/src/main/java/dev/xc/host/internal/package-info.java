/**
 * Internals of {@code dev.xc.host}: reading host facts and parsing FreeBSD tool output; not exported, so they can
 * change without breaking users.
 */
@NullMarked
package dev.xc.host.internal;

import org.jspecify.annotations.NullMarked;
