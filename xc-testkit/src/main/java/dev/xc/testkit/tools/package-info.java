/**
 * FreeBSD's command-line tools as the simulated host runs them ({@code jls}, {@code jexec}, {@code sysctl},
 * {@code kldstat}, {@code kldload}, {@code ifconfig}, {@code route}): options, operands, output, error text and exit
 * codes as FreeBSD 14 has them, over the state of the simulated kernel.
 */
@NullMarked
package dev.xc.testkit.tools;

import org.jspecify.annotations.NullMarked;
