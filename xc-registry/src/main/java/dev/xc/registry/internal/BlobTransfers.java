package dev.xc.registry.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.registry.BlobSink;
import dev.xc.registry.BlobSource;
import dev.xc.registry.Descriptor;
import dev.xc.registry.PushedBlob;
import org.apache.hc.core5.http.HttpEntity;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/** Streams blobs in and out: resumable verified downloads, and existence check, mount, monolithic or chunked upload. */
public final class BlobTransfers {

    private static final int MAX_RESUMES = 100;

    private final EndpointCaller caller;
    private final Events events;
    private final int chunkSize;
    private final long monolithicLimit;

    public BlobTransfers(EndpointCaller caller, Events events, int chunkSize, long monolithicLimit) {
        this.caller = caller;
        this.events = events;
        this.chunkSize = chunkSize;
        this.monolithicLimit = monolithicLimit;
    }

    /** Downloads {@code blob} into {@code sink}, resuming after interruptions; commits only verified content. */
    public void pull(Registry registry, String repository, Descriptor blob, BlobSink sink) {
        Events.Progress progress = events.progress("pull", blob.digest().toString(), blob.size());
        BlobGetter.Transfer transfer = new BlobGetter.Transfer(blob.digest().newMessageDigest(), sink, progress);
        try {
            progress.start();
            int attempts = 0;
            int resumes = 0;
            int max = caller.retryPolicy().maxAttempts();
            while (true) {
                attempts++;
                long before = transfer.received();
                boolean complete = caller.call(registry, new BlobGetter(registry, repository, blob, transfer));
                if (complete) {
                    break;
                }
                if (transfer.received() > before && ++resumes < MAX_RESUMES) {
                    attempts = Math.min(attempts, max - 1); // progress was made: keep resuming
                }
                if (attempts >= max) {
                    throw XcException.of(ErrorCode.REGISTRY_UNREACHABLE, "cannot pull blob " + blob.digest() + " from "
                                    + registry.server() + "/" + repository + ": the download stopped at byte "
                                    + transfer.received() + " of " + blob.size() + " " + attempts + " times",
                            "check the network and retry; the registry or a proxy keeps cutting the connection");
                }
                Duration wait = caller.retryPolicy().backoff(attempts);
                events.warn("resuming blob " + blob.digest().shortHex() + " at byte " + transfer.received() + " of "
                        + blob.size());
                sleep(wait);
            }
            progress.finish();
            if (!blob.digest().matches(transfer.digestValue())) {
                throw XcException.of(ErrorCode.DIGEST_MISMATCH, "blob " + blob.digest() + " from " + registry.server()
                                + "/" + repository + " does not match its digest; it was discarded",
                        "the registry or a proxy sent wrong content; retry, and report it to the registry's operator "
                                + "if it persists");
            }
            try {
                sink.commit(blob.digest());
            } catch (IOException e) {
                throw XcException.of(ErrorCode.IO_ERROR, "cannot store blob " + blob.digest() + ": " + e.getMessage(),
                        "check free space and permissions where the image is stored", e);
            }
        } catch (RuntimeException | Error e) {
            sink.abort(e);
            throw e;
        }
    }

    /** Pushes one blob: skipped when present, mounted from {@code mountFrom} when possible, else uploaded. */
    public PushedBlob push(Registry registry, String repository, BlobSource source, Optional<String> mountFrom) {
        Descriptor d = source.descriptor();
        Optional<Long> existing = caller.call(registry,
                new BlobChecker(registry, repository, d.digest(), Scopes.push(repository)));
        Events.Progress progress = events.progress("push", d.digest().toString(), d.size());
        if (existing.isPresent()) {
            progress.set(d.size());
            progress.finish();
            return new PushedBlob(d, PushedBlob.Outcome.EXISTED);
        }
        UploadStarter.Started started = caller.call(registry,
                new UploadStarter(registry, repository, d.digest(), mountFrom.filter(f -> !f.equals(repository))));
        if (started.mounted()) {
            progress.set(d.size());
            progress.finish();
            return new PushedBlob(d, PushedBlob.Outcome.MOUNTED);
        }
        progress.start();
        URI location = started.location().orElseThrow();
        if (d.size() <= monolithicLimit) {
            Checked[] last = new Checked[1];
            caller.call(registry, new UploadCommitter(registry, repository, d.digest(), location, () -> {
                Checked in = new Checked(source.open(), d, progress);
                last[0] = in;
                return Optional.<HttpEntity>of(new BlobBodyEntity(in, d.size()));
            }));
            last[0].verify(registry, repository);
        } else {
            try (Checked in = new Checked(source.open(), d, progress)) {
                byte[] chunk = new byte[chunkSize];
                long offset = 0;
                while (true) {
                    int n = in.readNBytes(chunk, 0, chunk.length);
                    if (n == 0) {
                        break;
                    }
                    location = caller.call(registry,
                            new UploadChunkWriter(registry, repository, d.digest(), location, chunk, n, offset));
                    offset += n;
                }
                in.verify(registry, repository); // before the registry may commit
                caller.call(registry, new UploadCommitter(registry, repository, d.digest(), location, Optional::empty));
            } catch (IOException e) {
                throw XcException.of(ErrorCode.IO_ERROR, "cannot read blob " + d.digest() + " to push it: "
                        + e.getMessage(), "check the local image store", e);
            }
        }
        progress.finish();
        return new PushedBlob(d, PushedBlob.Outcome.UPLOADED);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw XcException.of(ErrorCode.REGISTRY_UNREACHABLE, "interrupted while resuming a download", "", e);
        }
    }

    /** Counts, digests and reports what is read from a blob being pushed. */
    static final class Checked extends FilterInputStream {
        private final Descriptor descriptor;
        private final MessageDigest md;
        private final Events.Progress progress;
        private long count;

        Checked(InputStream in, Descriptor descriptor, Events.Progress progress) {
            super(in);
            this.descriptor = descriptor;
            this.md = descriptor.digest().newMessageDigest();
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                md.update((byte) b);
                progress.set(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                md.update(b, off, n);
                count += n;
                progress.set(count);
            }
            return n;
        }

        void verify(Registry registry, String repository) {
            if (count != descriptor.size() || !descriptor.digest().matches(md.digest())) {
                throw XcException.of(ErrorCode.DIGEST_MISMATCH, "the local content of blob " + descriptor.digest()
                                + " (" + count + " bytes read, " + descriptor.size() + " expected) does not match its "
                                + "descriptor; it was not committed to " + registry.server() + "/" + repository,
                        "the local image store is damaged; rebuild or pull the image again");
            }
        }
    }
}
