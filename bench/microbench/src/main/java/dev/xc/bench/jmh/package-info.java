/**
 * JMH microbenchmarks of xc's hot loops: tar entry parsing, gzip and zstd decompression feeding the extractor,
 * and sha256. Run by {@code bench/jmh}, never by the build's tests.
 */
@NullMarked
package dev.xc.bench.jmh;

import org.jspecify.annotations.NullMarked;
