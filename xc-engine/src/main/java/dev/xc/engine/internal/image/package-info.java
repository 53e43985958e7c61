/**
 * Engine internals (images): pull, list, inspect, tag, remove and purge, joining the registry client, the content
 * store, the layer unpacker, the image store and the storage backend; not exported.
 */
@NullMarked
package dev.xc.engine.internal.image;

import org.jspecify.annotations.NullMarked;
