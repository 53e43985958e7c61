/**
 * Events and progress reported by long operations to a listener; library code never prints.
 */
@NullMarked
package dev.xc.api.event;

import org.jspecify.annotations.NullMarked;
