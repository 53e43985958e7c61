/**
 * The pf firewall backend ({@code firewall: pf}): container addresses in the pf tables {@code xc:network:NAME} and
 * published ports as {@code rdr} rules in the {@code xc-rdr} anchor, driven through pfctl(8). The provider is the
 * public entry; the work happens in {@code internal}.
 */
@NullMarked
package dev.xc.net.pf;

import org.jspecify.annotations.NullMarked;
