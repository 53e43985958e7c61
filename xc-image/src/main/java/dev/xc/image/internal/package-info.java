/**
 * Implementation details of the image module (native file-system calls, path resolution inside a root, tar
 * application, pipes); not exported, so it can change freely.
 */
@NullMarked
package dev.xc.image.internal;

import org.jspecify.annotations.NullMarked;
