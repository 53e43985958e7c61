package dev.xc.api.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The OCI ChainID of a layer stack: it names the file system that results from applying the layers in order, so
 * two images that share their first layers share the ChainIDs of those prefixes (and xc shares their datasets).
 *
 * <p>For diff IDs {@code d0 ... dn}: {@code chain(0) = d0} and {@code chain(n) = sha256(chain(n-1) + " " + dn)}, the
 * digest of the two digests' text joined by one space, written {@code sha256:<hex>}. Stateless; thread-safe.
 */
public final class ChainId {

    private ChainId() {
    }

    /** The ChainID of the whole stack; empty when there are no layers. */
    public static Optional<Digest> of(List<Digest> diffIds) {
        List<Digest> all = prefixes(diffIds);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /** The ChainID of every prefix of the stack: element {@code i} names layers {@code 0..i}. */
    public static List<Digest> prefixes(List<Digest> diffIds) {
        Objects.requireNonNull(diffIds, "diffIds");
        List<Digest> out = new ArrayList<>(diffIds.size());
        Digest chain = null;
        for (Digest diff : diffIds) {
            Objects.requireNonNull(diff, "diffId");
            chain = chain == null ? diff
                    : Digest.sha256((chain + " " + diff).getBytes(StandardCharsets.US_ASCII));
            out.add(chain);
        }
        return List.copyOf(out);
    }
}
