/**
 * Engine internals (storage); not exported.
 */
@NullMarked
package dev.xc.engine.storage;

import org.jspecify.annotations.NullMarked;
