/**
 * The {@code xc} command: {@link dev.xc.cli.Main} is its entry point.
 */
@NullMarked
package dev.xc.cli;

import org.jspecify.annotations.NullMarked;
