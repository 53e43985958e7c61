/**
 * The OCI Distribution client: pulls and pushes manifests and blobs from any Distribution-spec registry (Docker Hub,
 * GHCR, ECR, Azure CR, Harbor, {@code docker-registry}), with token and basic authentication, digest verification
 * of everything fetched, resumable streaming downloads, retries and progress events. Start at {@link
 * dev.xc.registry.RegistryClient}.
 */
@NullMarked
package dev.xc.registry;

import org.jspecify.annotations.NullMarked;
