/**
 * The {@code Engine} over the daemon's UNIX socket, for programs that are not root.
 */
@NullMarked
package dev.xc.client;

import org.jspecify.annotations.NullMarked;
