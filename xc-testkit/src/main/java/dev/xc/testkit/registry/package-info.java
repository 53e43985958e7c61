/**
 * Real-registry fixtures for tests: Debian's {@code docker-registry} started on 127.0.0.1 with anonymous, htpasswd
 * or token authentication, a token server that signs real JWTs, and a fault-injecting HTTP proxy, so registry
 * clients are tested against the real protocol rather than mocks.
 */
@NullMarked
package dev.xc.testkit.registry;

import org.jspecify.annotations.NullMarked;
