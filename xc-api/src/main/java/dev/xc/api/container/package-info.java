/**
 * Container vocabulary: run requests with every {@code xc run} option, container state, limits, health checks and restart policies.
 */
@NullMarked
package dev.xc.api.container;

import org.jspecify.annotations.NullMarked;
