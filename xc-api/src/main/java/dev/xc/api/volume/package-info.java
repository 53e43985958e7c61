/**
 * Volume vocabulary: named volumes, their drivers and ZFS hints.
 */
@NullMarked
package dev.xc.api.volume;

import org.jspecify.annotations.NullMarked;
