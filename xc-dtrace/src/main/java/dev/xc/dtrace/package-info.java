/**
 * The dtrace backend: per-container tracing with dwatch(1) and USDT probes. The provider is the public entry; the work happens in {@code internal}.
 */
@NullMarked
package dev.xc.dtrace;

import org.jspecify.annotations.NullMarked;
