/**
 * The xc API: the {@code Engine} interface, errors with stable codes, and the values shared by every module.
 */
@NullMarked
package dev.xc.api;

import org.jspecify.annotations.NullMarked;
