/**
 * Image vocabulary: references, digests, platforms, the xc image (jail) configuration, interpolated strings and the
 * requests and listings of image commands. It exists so that the CLI, the daemon, the engine and the image and
 * registry modules speak of images in the same validated, immutable terms, with no JSON library involved.
 */
@NullMarked
package dev.xc.api.image;

import org.jspecify.annotations.NullMarked;
