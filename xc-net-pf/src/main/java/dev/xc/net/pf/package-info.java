/**
 * The pf backend: pf tables xc:network:NAME and port redirects in the xc-rdr anchor. The provider is the public entry; the work happens in {@code internal}.
 */
@NullMarked
package dev.xc.net.pf;

import org.jspecify.annotations.NullMarked;
