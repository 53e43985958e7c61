/**
 * Image vocabulary: references, digests, platforms, the xc image (jail) configuration and image listings.
 */
@NullMarked
package dev.xc.api.image;

import org.jspecify.annotations.NullMarked;
