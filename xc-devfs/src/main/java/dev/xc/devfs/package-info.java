/**
 * The devfs backend: devfs rulesets generated per image, shared and reference-counted. The provider is the public entry; the work happens in {@code internal}.
 */
@NullMarked
package dev.xc.devfs;

import org.jspecify.annotations.NullMarked;
