/**
 * The service provider interfaces: the host door and one interface per backend kind (jail runtime, storage, firewall, devfs, tracing), each found through a {@code Provider} by {@link java.util.ServiceLoader}.
 */
@NullMarked
package dev.xc.api.spi;

import org.jspecify.annotations.NullMarked;
