/**
 * File-system calls the JDK lacks or makes slow, through the foreign function API: {@code lchown}, {@code chmod} with
 * set-id bits, {@code mknod}, {@code utimensat} without following links (the JDK opens the file to set its times,
 * which blocks on a FIFO) and extended attributes. Used by the image module to apply layers; kept here because only
 * {@code dev.xc.host} calls native code.
 */
@NullMarked
package dev.xc.host.fs;

import org.jspecify.annotations.NullMarked;
