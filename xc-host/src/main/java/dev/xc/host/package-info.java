/**
 * The real host: runs programs ({@link dev.xc.host.ProcessCommandRunner}) and reports what the machine is
 * ({@link dev.xc.host.LocalHost}); the one place in xc that touches the operating system, so that everything else can
 * be handed a simulated host instead.
 */
@NullMarked
package dev.xc.host;

import org.jspecify.annotations.NullMarked;
