package dev.xc.registry;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.Platform;
import dev.xc.api.image.PlatformPolicy;
import dev.xc.api.image.RegistryCredentials;
import dev.xc.registry.internal.Authenticator;
import dev.xc.registry.internal.BlobTransfers;
import dev.xc.registry.internal.EndpointCaller;
import dev.xc.registry.internal.Events;
import dev.xc.registry.internal.ManifestGetter;
import dev.xc.registry.internal.ManifestPusher;
import dev.xc.registry.internal.PingEndpoint;
import dev.xc.registry.internal.Registry;
import dev.xc.registry.internal.Scopes;
import dev.xc.registry.internal.BlobChecker;
import dev.xc.registry.internal.TagLister;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client for OCI Distribution registries (Docker Hub, GHCR, ECR, Azure CR, Harbor, {@code docker-registry}).
 *
 * <p>Pull side: {@link #resolve} turns a reference into one platform's manifest by a {@link PlatformPolicy} (an index
 * entry must match os, architecture and variant; by default {@code freebsd/<host arch>} first, then
 * {@code linux/<host arch>}, which runs under the Linuxulator); {@link #pullBlob} streams a blob into a {@link BlobSink}
 * and lets it commit only after the digest matched; {@link #listTags} follows {@code Link} pagination. Every manifest
 * and blob is checked against its digest (sha256 or sha512) before it is returned or committed.
 *
 * <p>Push side: {@link #pushBlob} checks existence ({@code HEAD}), mounts across repositories, uploads in one
 * request or in chunks; {@link #pushBlobs} uploads several in parallel; {@link #pushManifest} puts a manifest by tag or
 * digest.
 *
 * <p>Authentication: anonymous and credentialed bearer tokens (cached per scope until they expire, refreshed once on a
 * 401), and basic authentication, with credentials from a {@link CredentialSource} such as {@link RegistriesFile} or
 * {@link DockerConfigFile}. Credentials never reach another host through a redirect, and never appear in messages.
 * Failures are {@link XcException}s: {@code IMAGE_NOT_FOUND}, {@code BLOB_NOT_FOUND}, {@code REGISTRY_UNAUTHORIZED},
 * {@code REGISTRY_DENIED}, {@code REGISTRY_RATE_LIMITED}, {@code REGISTRY_UNREACHABLE}, {@code DIGEST_MISMATCH},
 * {@code PLATFORM_NOT_AVAILABLE}, {@code REGISTRY_ERROR}.
 *
 * <p>{@snippet :
 * try (RegistryClient client = RegistryClient.builder()
 *         .credentials(RegistriesFile.load(Path.of("/var/db/xc.registries.json")))
 *         .eventListener(event -> System.err.println(event))
 *         .build()) {
 *     ResolvedImage image = client.resolve(ImageReference.parse("freebsdxc/freebsd:13.2"),
 *             PlatformPolicy.preferFreeBsd("amd64"));
 *     for (Descriptor layer : image.manifest().layers()) {
 *         client.pullBlob(image.reference(), layer, BlobSink.toFile(Path.of("/var/cache", layer.digest().hex())));
 *     }
 * }
 * }
 *
 * <p>Thread-safe: one client may serve many threads; connections are pooled. Every method blocks until done.
 * {@link #close()} releases the connections (and the upload threads the client made itself).
 */
public final class RegistryClient implements AutoCloseable {

    private static final int MAX_TAG_PAGES = 10_000;
    private static final int MAX_CONFIG = 64 * 1024 * 1024;
    private static final int MAX_INDEX_DEPTH = 4;

    private final CloseableHttpClient http;
    private final CredentialSource credentials;
    private final Set<String> insecure;
    private final EndpointCaller caller;
    private final BlobTransfers transfers;
    private final Events events;
    private final ExecutorService executor;
    private final boolean ownsExecutor;

    private RegistryClient(Builder b) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(new dev.xc.registry.internal.LazyTlsStrategy())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(b.connectTimeout))
                        .setSocketTimeout(Timeout.of(b.readTimeout))
                        .build())
                .setMaxConnTotal(b.maxConnections)
                .setMaxConnPerRoute(b.maxConnections)
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(pool)
                .disableRedirectHandling()     // EndpointCaller follows redirects and drops credentials off-origin
                .disableAutomaticRetries()     // EndpointCaller retries within the RetryPolicy
                .disableContentCompression()   // blobs must arrive byte for byte
                .disableCookieManagement()
                .disableAuthCaching()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(b.readTimeout))
                        .build())
                .setUserAgent(b.userAgent)
                .build();
        this.credentials = b.credentials;
        this.insecure = Set.copyOf(b.insecure);
        this.events = new Events(b.listener, b.clock);
        this.caller = new EndpointCaller(http, new Authenticator(http, b.clock), b.retry, events, b.clock);
        this.transfers = new BlobTransfers(caller, events, b.chunkSize, b.monolithicLimit);
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownsExecutor = false;
        } else {
            AtomicInteger n = new AtomicInteger();
            this.executor = Executors.newFixedThreadPool(b.parallelUploads, r -> {
                Thread t = new Thread(r, "xc-registry-upload-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.ownsExecutor = true;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- pull side

    /**
     * Checks that {@code server} ({@code host[:port]}) is a registry this client may talk to: {@code GET /v2/},
     * authenticating as the registry asks.
     *
     * @throws XcException {@code REGISTRY_UNREACHABLE}, {@code REGISTRY_UNAUTHORIZED} or {@code REGISTRY_ERROR}
     */
    public void ping(String server) {
        Registry r = registry(server);
        caller.call(r, new PingEndpoint(r));
    }

    /**
     * Fetches the manifest or index {@code reference} names, verified against the reference's digest or the
     * registry's {@code Docker-Content-Digest}.
     *
     * @throws XcException {@code IMAGE_NOT_FOUND}, {@code DIGEST_MISMATCH}, {@code MALFORMED_CONTENT}, and the
     *         registry errors listed on the class
     */
    public Manifest fetchManifest(ImageReference reference) {
        Registry r = registry(reference.registry());
        return caller.call(r, new ManifestGetter(r, reference));
    }

    /**
     * Resolves {@code reference} to one image manifest. An index is narrowed by {@code policy}: the first
     * platform in {@link PlatformPolicy#preference()} that an entry matches in os, architecture and variant wins
     * (xc's {@code "os": "FreeBSD"} counts as {@code freebsd}). Choosing a Linux image emits a warning event: it runs
     * under the Linuxulator.
     *
     * @throws XcException {@code PLATFORM_NOT_AVAILABLE} listing the platforms the image offers when none fits,
     *         and everything {@link #fetchManifest} throws
     */
    public ResolvedImage resolve(ImageReference reference, PlatformPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        events.step("pull", "resolve " + reference, false);
        Manifest m = fetchManifest(reference);
        Optional<Manifest> index = Optional.empty();
        Optional<Platform> platform = Optional.empty();
        for (int depth = 0; m.isIndex(); depth++) {
            if (depth >= MAX_INDEX_DEPTH) {
                throw XcException.of(ErrorCode.MALFORMED_CONTENT, "the index of " + reference + " nests more than "
                        + MAX_INDEX_DEPTH + " levels", "the image is malformed; report it to its publisher");
            }
            List<Descriptor> entries = m.manifests().stream().filter(d -> d.platform().isPresent()).toList();
            List<Platform> offered = entries.stream().map(d -> d.platform().orElseThrow()).toList();
            Optional<Integer> pick = policy.select(offered);
            if (pick.isEmpty()) {
                List<String> wanted = policy.preference().stream().map(Platform::toString).toList();
                String offers = offered.isEmpty() ? "no platform at all"
                        : String.join(", ", new LinkedHashSet<>(offered.stream().map(Platform::toString).toList()));
                throw XcException.of(ErrorCode.PLATFORM_NOT_AVAILABLE, "image " + reference
                                + " has no variant for this host: it offers " + offers + "; wanted "
                                + String.join(", then ", wanted),
                        offered.isEmpty() ? "the index names no platforms; ask its publisher for a proper index"
                                : "choose one explicitly, e.g. --platform " + offered.getFirst()
                                        + " (only if this host can run it), or use an image built for "
                                        + wanted.getFirst());
            }
            Descriptor chosen = entries.get(pick.get());
            Platform p = chosen.platform().orElseThrow();
            if (p.isLinux() && policy.override().isEmpty()) {
                events.warn("image " + reference + " has no " + Platform.FREEBSD + "/" + policy.hostArchitecture()
                        + " variant; using " + p + ", which runs under the Linuxulator (linux64.ko)");
            }
            index = Optional.of(m);
            platform = Optional.of(p);
            m = fetchManifest(reference.withDigest(chosen.digest()));
        }
        events.step("pull", "resolve " + reference, true);
        return new ResolvedImage(reference.withDigest(m.digest()), m, index, platform);
    }

    /**
     * Streams a blob of {@code repository} into {@code sink}: bytes flow from the socket through the digest check;
     * an interrupted transfer resumes with {@code Range}; redirects to blob storage are followed without the
     * registry's credentials. The sink's {@link BlobSink#commit} is called only when size and digest match, otherwise
     * {@link BlobSink#abort} and the call throws. Progress events ({@code task = "pull"}, item = the digest) report
     * bytes.
     *
     * @throws XcException {@code DIGEST_MISMATCH}, {@code BLOB_NOT_FOUND}, {@code REGISTRY_UNREACHABLE}, ...
     */
    public void pullBlob(ImageReference repository, Descriptor blob, BlobSink sink) {
        Registry r = registry(repository.registry());
        transfers.pull(r, repository.repository(), blob, sink);
    }

    /**
     * Streams a blob into {@code out} (see {@link BlobSink#of(OutputStream)}): when this throws, what {@code out}
     * received must be discarded by the caller.
     */
    public void pullBlob(ImageReference repository, Descriptor blob, OutputStream out) {
        pullBlob(repository, blob, BlobSink.of(out));
    }

    /** A small blob (a config) in memory, verified; refuses blobs over 64 MiB. */
    public byte[] fetchBlob(ImageReference repository, Descriptor blob) {
        if (blob.size() > MAX_CONFIG) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "blob " + blob.digest() + " has " + blob.size()
                    + " bytes, too many to hold in memory", "stream it with pullBlob into a BlobSink");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) blob.size());
        pullBlob(repository, blob, BlobSink.of(out));
        return out.toByteArray();
    }

    /** All tags of the repository {@code repository} names, following {@code Link} pagination. */
    public List<String> listTags(ImageReference repository) {
        return listTags(repository, Optional.empty());
    }

    /** Like {@link #listTags(ImageReference)}, asking for {@code pageSize} tags per request ({@code ?n=}). */
    public List<String> listTags(ImageReference repository, Optional<Integer> pageSize) {
        Registry r = registry(repository.registry());
        URI uri;
        try {
            URIBuilder b = new URIBuilder(r.uri("/v2/" + repository.repository() + "/tags/list"));
            pageSize.ifPresent(n -> b.addParameter("n", Integer.toString(n)));
            uri = b.build();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> tags = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        for (int page = 0; page < MAX_TAG_PAGES; page++) {
            if (!seen.add(uri)) {
                throw XcException.of(ErrorCode.REGISTRY_ERROR, "registry " + r.server() + " paginates the tags of "
                        + repository.repository() + " in a loop (" + uri + " again)", "report it to the registry's operator");
            }
            TagLister.Page p = caller.call(r, new TagLister(r, repository.repository(), uri));
            tags.addAll(p.tags());
            if (p.next().isEmpty()) {
                return List.copyOf(tags);
            }
            uri = p.next().get();
        }
        throw XcException.of(ErrorCode.REGISTRY_ERROR, "the tag list of " + repository.repository() + " has more than "
                + MAX_TAG_PAGES + " pages", "ask for bigger pages");
    }

    // ---------------------------------------------------------------- push side

    /** The size of blob {@code digest} in {@code repository} if the registry has it ({@code -1} when unstated). */
    public Optional<Long> blobExists(ImageReference repository, Digest digest) {
        Registry r = registry(repository.registry());
        return caller.call(r, new BlobChecker(r, repository.repository(), digest, Scopes.pull(repository.repository())));
    }

    /**
     * Pushes one blob to {@code repository}: nothing when it is there already, a cross-repository mount from
     * {@code mountFrom} (a repository of the same registry) when the registry allows, else an upload (one request up
     * to the builder's monolithic limit, chunks with {@code Content-Range} above). The bytes read are checked
     * against the descriptor before the registry may commit them.
     */
    public PushedBlob pushBlob(ImageReference repository, BlobSource blob, Optional<String> mountFrom) {
        Registry r = registry(repository.registry());
        return transfers.push(r, repository.repository(), blob, mountFrom);
    }

    /** Pushes {@code blobs} in parallel on the client's executor; results in the order given. */
    public List<PushedBlob> pushBlobs(ImageReference repository, List<BlobSource> blobs, Optional<String> mountFrom) {
        List<Future<PushedBlob>> futures = new ArrayList<>();
        for (BlobSource b : blobs) {
            futures.add(executor.submit(() -> pushBlob(repository, b, mountFrom)));
        }
        List<PushedBlob> out = new ArrayList<>();
        XcException first = null;
        for (Future<PushedBlob> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof XcException x ? x : XcException.of(ErrorCode.INTERNAL,
                            "pushing a blob failed: " + e.getCause(), "", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(x -> x.cancel(true));
                throw XcException.of(ErrorCode.REGISTRY_UNREACHABLE, "interrupted while pushing blobs", "", e);
            }
        }
        if (first != null) {
            throw first;
        }
        return List.copyOf(out);
    }

    /**
     * Puts {@code manifest} (image manifest or index) at {@code target}'s tag, or at its digest when it has no tag.
     * Blobs and child manifests must be pushed first. Returns the manifest's digest.
     */
    public Digest pushManifest(ImageReference target, Manifest manifest) {
        Registry r = registry(target.registry());
        ImageReference at = target.tag().isPresent()
                ? new ImageReference(target.registry(), target.repository(), target.tag(), Optional.empty())
                : target.withDigest(manifest.digest());
        return caller.call(r, new ManifestPusher(r, at, manifest));
    }

    @Override
    public void close() {
        if (ownsExecutor) {
            executor.shutdownNow();
        }
        try {
            http.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private Registry registry(String server) {
        String canonical = CredentialSource.canonical(server);
        Optional<RegistryCredentials> creds = credentials.lookup(canonical);
        boolean plain = insecure.contains(canonical) || creds.map(RegistryCredentials::insecure).orElse(false);
        String host = canonical.equals("docker.io") ? "registry-1.docker.io" : server;
        return new Registry(server, URI.create((plain ? "http://" : "https://") + host), creds);
    }

    /**
     * Configures a {@link RegistryClient}. Each setting may be given once (a second call fails, naming the first
     * value); invalid values fail at the call. Not thread-safe.
     */
    public static final class Builder {
        private CredentialSource credentials = CredentialSource.none();
        private RetryPolicy retry = RetryPolicy.defaults();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private ExecutorService executor;
        private int parallelUploads = 4;
        private EventListener listener = EventListener.NONE;
        private Clock clock = Clock.systemUTC();
        private final Set<String> insecure = new HashSet<>();
        private int chunkSize = 8 << 20;
        private long monolithicLimit = 1L << 30;
        private int maxConnections = 16;
        private String userAgent = "xc-registry/0.1";
        private final Set<String> given = new HashSet<>();

        private Builder() {
        }

        private void once(String name) {
            if (!given.add(name)) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "RegistryClient." + name + " was already set",
                        "set each option once");
            }
        }

        private static Duration positive(String name, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, name + " must be positive, not " + d,
                        "use e.g. Duration.ofSeconds(10)");
            }
            return d;
        }

        /** Where credentials come from; default none (anonymous). */
        public Builder credentials(CredentialSource source) {
            once("credentials");
            credentials = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Retries after connection errors, 429 and 5xx; default {@link RetryPolicy#defaults()}. */
        public Builder retryPolicy(RetryPolicy policy) {
            once("retryPolicy");
            retry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** How long to wait for a TCP connection; default 10 s. */
        public Builder connectTimeout(Duration d) {
            once("connectTimeout");
            connectTimeout = positive("connectTimeout", d);
            return this;
        }

        /** How long a read may idle (no byte arriving) before the attempt fails; default 60 s. */
        public Builder readTimeout(Duration d) {
            once("readTimeout");
            readTimeout = positive("readTimeout", d);
            return this;
        }

        /** The executor for parallel uploads; not shut down by the client. Default: a pool of 4 daemon threads. */
        public Builder uploadExecutor(ExecutorService e) {
            once("uploadExecutor");
            executor = Objects.requireNonNull(e, "executor");
            return this;
        }

        /** Threads of the default upload pool (1-64); default 4. */
        public Builder parallelUploads(int n) {
            once("parallelUploads");
            if (n < 1 || n > 64) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "parallelUploads must be 1-64, not " + n, "");
            }
            parallelUploads = n;
            return this;
        }

        /** Receives progress, step and warning events; must be thread-safe. Default: none. */
        public Builder eventListener(EventListener l) {
            once("eventListener");
            listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /** The clock for token expiry and event times; default UTC system clock. */
        public Builder clock(Clock c) {
            once("clock");
            clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Servers ({@code host[:port]}) spoken to over plain HTTP. Credentials marked insecure count too. */
        public Builder insecure(String... servers) {
            once("insecure");
            for (String s : servers) {
                insecure.add(CredentialSource.canonical(s).toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** Chunk size of chunked uploads (64 KiB - 256 MiB); default 8 MiB. */
        public Builder chunkSize(int bytes) {
            once("chunkSize");
            if (bytes < 64 * 1024 || bytes > 256 << 20) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "chunkSize must be 64 KiB to 256 MiB, not "
                        + bytes, "use e.g. 8 MiB (8388608)");
            }
            chunkSize = bytes;
            return this;
        }

        /**
         * Blobs up to this size go up in one request, larger ones in chunks; default 1 GiB (each chunk waits for the
         * registry's answer before the next is sent, so chunks cost a round trip and a registry write each).
         */
        public Builder monolithicLimit(long bytes) {
            once("monolithicLimit");
            if (bytes < 0) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "monolithicLimit must not be negative", "");
            }
            monolithicLimit = bytes;
            return this;
        }

        /** Pooled connections in all (1-256); default 16. */
        public Builder maxConnections(int n) {
            once("maxConnections");
            if (n < 1 || n > 256) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "maxConnections must be 1-256, not " + n, "");
            }
            maxConnections = n;
            return this;
        }

        public Builder userAgent(String ua) {
            once("userAgent");
            userAgent = Objects.requireNonNull(ua, "userAgent");
            return this;
        }

        public RegistryClient build() {
            return new RegistryClient(this);
        }
    }
}
