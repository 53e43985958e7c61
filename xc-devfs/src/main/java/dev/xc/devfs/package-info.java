/**
 * The devfs backend: the devfs(8) rule model and parsers ({@link dev.xc.devfs.DevfsRule},
 * {@link dev.xc.devfs.DevfsRulesFile}, {@link dev.xc.devfs.DefaultRulesets}) and the provider of generated,
 * shared, reference-counted container rulesets that refuses harmful image rules unless they are approved. The provider
 * is the public entry; the work happens in {@code internal}.
 */
@NullMarked
package dev.xc.devfs;

import org.jspecify.annotations.NullMarked;
