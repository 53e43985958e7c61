/**
 * Internals of the registry client, not exported: one class per registry operation behind {@link
 * dev.xc.registry.internal.RegistryEndpoint}, the one caller that authenticates, retries and maps HTTP statuses to
 * typed errors, and the header parsers.
 */
@NullMarked
package dev.xc.registry.internal;

import org.jspecify.annotations.NullMarked;
