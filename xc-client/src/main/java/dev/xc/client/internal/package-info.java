/**
 * The remote engine's implementation: each {@code Engine} call as one HTTP exchange with {@code xcd} over its UNIX
 * socket (Jetty's HTTP client).
 */
@NullMarked
package dev.xc.client.internal;

import org.jspecify.annotations.NullMarked;
