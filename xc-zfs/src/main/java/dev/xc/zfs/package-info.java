/**
 * The zfs backend: image layers, container roots and volumes as ZFS datasets and clones. The provider is the public entry; the work happens in {@code internal}.
 */
@NullMarked
package dev.xc.zfs;

import org.jspecify.annotations.NullMarked;
