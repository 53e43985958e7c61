package dev.xc.registry.internal;

import dev.xc.api.ErrorCode;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One registry operation: what to send and how to read a successful answer. {@link EndpointCaller} alone sends it,
 * adds authentication, follows redirects, retries, and turns unexpected statuses into typed errors.
 *
 * @param <T> what the operation returns
 */
public interface RegistryEndpoint<T> {

    String method();

    /** The absolute request URI. */
    URI uri();

    /** Token scopes the operation needs, e.g. {@code repository:library/alpine:pull}. */
    List<String> scopes();

    /** What the operation does, for messages: {@code pull manifest 127.0.0.1:5000/a:1}. */
    String describe();

    /** The code for a 404 without a registry error body. */
    default ErrorCode notFoundCode() {
        return ErrorCode.IMAGE_NOT_FOUND;
    }

    default List<String> accept() {
        return List.of();
    }

    default Map<String, String> headers() {
        return Map.of();
    }

    /** The body, made anew for each attempt. */
    default Optional<HttpEntity> entity() throws IOException {
        return Optional.empty();
    }

    /** Reads a 2xx answer. {@code uri} is where it came from (after redirects). */
    T handle(ClassicHttpResponse response, URI uri) throws IOException;

    /** A non-2xx status that is an expected answer (a HEAD's 404 means "absent"); empty to treat it as an error. */
    default Optional<T> handleError(int status, List<RegistryError> errors) {
        return Optional.empty();
    }
}
