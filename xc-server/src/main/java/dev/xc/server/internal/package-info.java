/**
 * The daemon's machinery: routing and serving the wire format, peer credentials, the access policy, the socket file.
 */
@NullMarked
package dev.xc.server.internal;

import org.jspecify.annotations.NullMarked;
