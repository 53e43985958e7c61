package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static dev.xc.api.image.Fixtures.assertXc;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ChainIdTest {

    static final Digest D0 = Digest.sha256("layer0".getBytes(StandardCharsets.UTF_8));
    static final Digest D1 = Digest.sha256("layer1".getBytes(StandardCharsets.UTF_8));
    static final Digest D2 = Digest.sha256("layer2".getBytes(StandardCharsets.UTF_8));

    /** sha256 of the text, computed without Digest, as "sha256:<hex>". */
    static String independentSha256(String text) throws Exception {
        byte[] out = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        return "sha256:" + HexFormat.of().formatHex(out);
    }

    @Test
    void noLayersHaveNoChainId() {
        assertEquals(Optional.empty(), ChainId.of(List.of()));
        assertEquals(List.of(), ChainId.prefixes(List.of()));
    }

    @Test
    void oneLayersChainIdIsItsDiffId() {
        assertEquals(Optional.of(D0), ChainId.of(List.of(D0)));
    }

    @Test
    void chainIdsMatchAnIndependentComputation() throws Exception {
        String c1 = independentSha256(D0 + " " + D1);
        String c2 = independentSha256(c1 + " " + D2);
        assertEquals(c1, ChainId.of(List.of(D0, D1)).orElseThrow().toString());
        assertEquals(c2, ChainId.of(List.of(D0, D1, D2)).orElseThrow().toString());
        assertEquals(List.of(D0.toString(), c1, c2),
                ChainId.prefixes(List.of(D0, D1, D2)).stream().map(Digest::toString).toList());
    }

    @Test
    void knownValueForTheEmptyLayerTwice() throws Exception {
        Digest empty = Digest.parse(DigestTest.EMPTY_SHA256);
        assertEquals(independentSha256(DigestTest.EMPTY_SHA256 + " " + DigestTest.EMPTY_SHA256),
                ChainId.of(List.of(empty, empty)).orElseThrow().toString());
    }

    @Test
    void imageInfoComputesAndChecksTheChainId() {
        ImageReference ref = ImageReference.parse("freebsdxc/freebsd:13.2");
        Digest manifest = Digest.sha256(new byte[] {1});
        Platform p = Platform.parse("freebsd/amd64");
        ImageInfo info = ImageInfo.of(ref, manifest, p, JailConfig.empty(), List.of(D0, D1), Optional.of(Instant.EPOCH),
                10, List.of(ref));
        assertEquals(ChainId.of(List.of(D0, D1)), info.chainId());
        assertEquals(new ImageSummary(ref, manifest, p, 10, Optional.of(Instant.EPOCH)), info.summary());
        assertXc(ErrorCode.INVALID_ARGUMENT, "does not match its layers", () -> new ImageInfo(ref, manifest, p,
                JailConfig.empty(), List.of(D0, D1), Optional.of(D1), Optional.empty(), 0, List.of()));
        assertXc(ErrorCode.INVALID_ARGUMENT, "image size -1 is negative", () -> ImageInfo.of(ref, manifest, p,
                JailConfig.empty(), List.of(), Optional.empty(), -1, List.of()));
        assertXc(ErrorCode.INVALID_ARGUMENT, "image size -1 is negative",
                () -> new ImageSummary(ref, manifest, p, -1, Optional.empty()));
    }
}
