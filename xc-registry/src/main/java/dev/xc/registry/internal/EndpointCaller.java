package dev.xc.registry.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.registry.RetryPolicy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one place that sends registry requests. For each {@link RegistryEndpoint} it adds authentication (refreshing
 * a refused token once, never looping), follows redirects (dropping credentials when a redirect leaves the registry's
 * origin, as blob storage redirects do), retries connection errors, {@code 429} and {@code 5xx} with backoff and
 * {@code Retry-After} within the {@link RetryPolicy}, and turns every other failure into an {@link XcException} with
 * a code, the registry's own error code and message, and a hint. Thread-safe.
 */
public final class EndpointCaller {

    private static final int MAX_REDIRECTS = 5;

    private final CloseableHttpClient http;
    private final Authenticator auth;
    private final RetryPolicy retry;
    private final Events events;
    private final Clock clock;

    public EndpointCaller(CloseableHttpClient http, Authenticator auth, RetryPolicy retry, Events events, Clock clock) {
        this.http = http;
        this.auth = auth;
        this.retry = retry;
        this.events = events;
        this.clock = clock;
    }

    public RetryPolicy retryPolicy() {
        return retry;
    }

    /** Sends {@code endpoint} to {@code registry} and returns what it makes of the answer. */
    public <T> T call(Registry registry, RegistryEndpoint<T> endpoint) {
        boolean authRetried = false;
        int attempt = 0;
        attempts:
        while (true) {
            attempt++;
            URI uri = endpoint.uri();
            boolean sameOrigin = registry.sameOrigin(uri);
            try {
                for (int redirects = 0; ; redirects++) {
                    Optional<String> authorization = sameOrigin
                            ? auth.authorization(registry, endpoint.scopes()) : Optional.empty();
                    ClassicHttpRequest request = build(endpoint, uri, authorization);
                    ClassicHttpResponse response = http.executeOpen(null, request, null);
                    try {
                        int status = response.getCode();
                        Header location = response.getFirstHeader(HttpHeaders.LOCATION);
                        if (isRedirect(status) && location != null && isSafeMethod(endpoint.method())) {
                            EntityUtils.consumeQuietly(response.getEntity());
                            if (redirects >= MAX_REDIRECTS) {
                                throw XcException.of(ErrorCode.REGISTRY_ERROR, "cannot " + endpoint.describe()
                                        + ": more than " + MAX_REDIRECTS + " redirects", "report it to the registry's operator");
                            }
                            uri = uri.resolve(location.getValue());
                            // once the chain has left the registry, credentials never go along again
                            sameOrigin = sameOrigin && registry.sameOrigin(uri);
                            continue;
                        }
                        if (status >= 200 && status < 300) {
                            return endpoint.handle(response, uri);
                        }
                        List<RegistryError> errors = RegistryError.read(response);
                        if (status == 401 && sameOrigin && !authRetried) {
                            if (authorization.isPresent()) {
                                auth.invalidate(registry, endpoint.scopes());
                            }
                            Header[] challenges = response.getHeaders(HttpHeaders.WWW_AUTHENTICATE);
                            if (auth.onUnauthorized(registry, endpoint.scopes(), challenges, authorization)) {
                                authRetried = true;
                                attempt--;
                                continue attempts;
                            }
                        }
                        Optional<T> expected = endpoint.handleError(status, errors);
                        if (expected.isPresent()) {
                            return expected.get();
                        }
                        if ((status == 429 || status >= 500) && attempt < retry.maxAttempts()) {
                            Duration wait = wait(response, attempt, registry, endpoint, status);
                            events.warn("retrying " + endpoint.describe() + " after status " + status + " (attempt "
                                    + (attempt + 1) + " of " + retry.maxAttempts() + ") in " + wait.toMillis() + " ms");
                            sleep(wait);
                            continue attempts;
                        }
                        throw failure(registry, endpoint, status, errors, attempt);
                    } finally {
                        closeQuietly(response);
                    }
                }
            } catch (IOException e) {
                if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                    throw XcException.of(ErrorCode.REGISTRY_UNREACHABLE, "interrupted while trying to "
                            + endpoint.describe(), "", e);
                }
                if (attempt < retry.maxAttempts()) {
                    Duration wait = jitter(retry.backoff(attempt));
                    events.warn("retrying " + endpoint.describe() + " after " + e.getClass().getSimpleName()
                            + " (attempt " + (attempt + 1) + " of " + retry.maxAttempts() + ") in " + wait.toMillis()
                            + " ms");
                    sleep(wait);
                    continue;
                }
                throw XcException.of(ErrorCode.REGISTRY_UNREACHABLE, "cannot " + endpoint.describe() + ": "
                                + describe(e) + (attempt > 1 ? " (tried " + attempt + " times)" : ""),
                        "check that " + registry.server() + " is the right address, that it is running and reachable, "
                                + "and whether it needs --insecure (plain HTTP)", e);
            }
        }
    }

    private Duration wait(ClassicHttpResponse response, int attempt, Registry registry, RegistryEndpoint<?> endpoint,
                          int status) {
        Header h = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        if (h != null) {
            Optional<Duration> asked = parseRetryAfter(h.getValue(), clock);
            if (asked.isPresent()) {
                if (asked.get().compareTo(retry.maxRetryAfter()) > 0) {
                    throw XcException.of(status == 429 ? ErrorCode.REGISTRY_RATE_LIMITED : ErrorCode.REGISTRY_ERROR,
                            "cannot " + endpoint.describe() + ": registry " + registry.server() + " answered " + status
                                    + " and asks to wait " + asked.get().toSeconds() + " s, longer than the "
                                    + retry.maxRetryAfter().toSeconds() + " s this client waits",
                            "try again after " + asked.get().toSeconds() + " s"
                                    + (status == 429 ? ", or log in to get a higher pull limit" : ""));
                }
                return asked.get();
            }
        }
        return jitter(retry.backoff(attempt));
    }

    /** Reads {@code Retry-After}: delay-seconds or an HTTP-date. */
    public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        String v = value.trim();
        if (v.matches("[0-9]{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), when.toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration jitter(Duration base) {
        long ms = base.toMillis();
        return ms <= 1 ? base : Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw XcException.of(ErrorCode.REGISTRY_UNREACHABLE, "interrupted while waiting to retry", "", e);
        }
    }

    /** Closing drains or drops the connection; a failure there changes nothing about the answer already read. */
    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException ignored) {
            // the connection is discarded either way
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean isSafeMethod(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static ClassicHttpRequest build(RegistryEndpoint<?> endpoint, URI uri, Optional<String> authorization)
            throws IOException {
        ClassicRequestBuilder b = ClassicRequestBuilder.create(endpoint.method()).setUri(uri);
        if (!endpoint.accept().isEmpty()) {
            b.addHeader(HttpHeaders.ACCEPT, String.join(", ", endpoint.accept()));
        }
        endpoint.headers().forEach(b::addHeader);
        authorization.ifPresent(a -> b.addHeader(HttpHeaders.AUTHORIZATION, a));
        endpoint.entity().ifPresent(b::setEntity);
        return b.build();
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    /** The typed error for an unexpected status. */
    static XcException failure(Registry registry, RegistryEndpoint<?> endpoint, int status, List<RegistryError> errors,
                               int attempts) {
        String code = errors.isEmpty() ? "" : errors.getFirst().code();
        String answer = "registry " + registry.server() + " answered " + status
                + (errors.isEmpty() ? "" : " " + errors.getFirst())
                + (attempts > 1 ? " (after " + attempts + " attempts)" : "");
        String what = "cannot " + endpoint.describe() + ": " + answer;
        String login = "xc login --username NAME " + registry.server();
        boolean hasCredentials = registry.credentials().isPresent();
        return switch (code) {
            case "MANIFEST_UNKNOWN" -> XcException.of(ErrorCode.IMAGE_NOT_FOUND, what,
                    "check the tag or digest; list the tags the repository has with `xc image tags`");
            case "NAME_UNKNOWN" -> XcException.of(ErrorCode.IMAGE_NOT_FOUND, what,
                    "check the repository name" + (registry.server().equals("docker.io")
                            ? " (Docker Hub's official images are under library/)" : "")
                            + "; a private repository also reads as unknown without credentials");
            case "BLOB_UNKNOWN", "BLOB_UPLOAD_UNKNOWN" -> XcException.of(ErrorCode.BLOB_NOT_FOUND, what,
                    "the image refers to content the registry does not have; push the image again");
            case "DENIED" -> XcException.of(ErrorCode.REGISTRY_DENIED, what, hasCredentials
                    ? "the user configured for " + registry.server() + " may not do this; log in as one who may: " + login
                    : "log in as a user who may do this: " + login);
            case "UNAUTHORIZED" -> XcException.of(ErrorCode.REGISTRY_UNAUTHORIZED, what, hasCredentials
                    ? "the credentials for " + registry.server() + " were refused; log in again: " + login
                    : "this needs credentials: " + login);
            case "TOOMANYREQUESTS" -> XcException.of(ErrorCode.REGISTRY_RATE_LIMITED, what,
                    "wait before pulling again, or log in to get a higher limit: " + login);
            case "DIGEST_INVALID", "SIZE_INVALID" -> XcException.of(ErrorCode.DIGEST_MISMATCH, what,
                    "the uploaded content does not match its descriptor; rebuild the image and push again");
            default -> switch (status) {
                case 401 -> XcException.of(ErrorCode.REGISTRY_UNAUTHORIZED, what, hasCredentials
                        ? "the credentials for " + registry.server() + " were refused; log in again: " + login
                        : "this needs credentials: " + login);
                case 403 -> XcException.of(ErrorCode.REGISTRY_DENIED, what,
                        "the registry refuses this for the current user; log in as one who may: " + login);
                case 404 -> XcException.of(endpoint.notFoundCode(), what,
                        endpoint.notFoundCode() == ErrorCode.BLOB_NOT_FOUND
                                ? "the registry does not have this blob; push the image again"
                                : "check the repository, tag or digest");
                case 429 -> XcException.of(ErrorCode.REGISTRY_RATE_LIMITED, what,
                        "wait before trying again, or log in to get a higher limit: " + login);
                default -> XcException.of(ErrorCode.REGISTRY_ERROR, what, status >= 500
                        ? "the registry failed; try again later" : "the registry rejected the request; see its message");
            };
        };
    }
}
