/**
 * A command-line harness over xc's library code, so that benchmarks measure the code paths the engine uses
 * (layer unpack, registry push, sha256) where the CLI has no command for them yet.
 */
@NullMarked
package dev.xc.bench;

import org.jspecify.annotations.NullMarked;
