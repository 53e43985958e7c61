/**
 * Images on disk: the OCI and xc image model with its JSON codec, the content-addressed {@link dev.xc.image.BlobStore},
 * the hostile-input-safe {@link dev.xc.image.LayerUnpacker}, the deterministic {@link dev.xc.image.LayerBuilder} and
 * the SQLite {@link dev.xc.image.ImageStore}; it exists so that pull, build and run share one trusted layer codec.
 */
@NullMarked
package dev.xc.image;

import org.jspecify.annotations.NullMarked;
