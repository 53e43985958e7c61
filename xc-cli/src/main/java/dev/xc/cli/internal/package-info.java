/**
 * The commands of {@code xc} (picocli), one class per command, thin: parse, call one {@code Engine} method, render.
 */
@NullMarked
package dev.xc.cli.internal;

import org.jspecify.annotations.NullMarked;
