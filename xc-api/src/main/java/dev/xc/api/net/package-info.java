/**
 * Network vocabulary: managed networks, address requests, unmanaged addresses, published ports and DNS settings.
 */
@NullMarked
package dev.xc.api.net;

import org.jspecify.annotations.NullMarked;
