package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static dev.xc.api.image.Fixtures.assertXc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigestTest {

    static final String EMPTY_SHA256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void sha256OfNothingIsTheWellKnownValue() {
        assertEquals(EMPTY_SHA256, Digest.sha256(new byte[0]).toString());
        assertEquals(Digest.parse(EMPTY_SHA256), Digest.sha256(new byte[0]));
    }

    @Test
    void partsAndShortForm() {
        Digest d = Digest.parse(EMPTY_SHA256);
        assertEquals("sha256", d.algorithm());
        assertEquals("e3b0c44298fc", d.shortHex());
        assertEquals(128, Digest.of(Digest.SHA512, new byte[0]).hex().length());
    }

    @Test
    void matchesComputedBytes() throws Exception {
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        Digest d = Digest.sha256(data);
        assertTrue(d.matches(MessageDigest.getInstance("SHA-256").digest(data)));
        assertFalse(d.matches(MessageDigest.getInstance("SHA-256").digest(new byte[0])));
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("digests") Digest d) {
        assertEquals(d, Digest.parse(d.toString()));
    }

    @Provide
    Arbitrary<Digest> digests() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64)
                .flatMap(b -> Arbitraries.of(Digest.SHA256, Digest.SHA512).map(alg -> Digest.of(alg, b)));
    }

    @Test
    void wrongLengthIsRejected() {
        assertXc(ErrorCode.INVALID_DIGEST, "expected 64", () -> Digest.parse("sha256:" + "a".repeat(63)));
        assertXc(ErrorCode.INVALID_DIGEST, "expected 64", () -> Digest.parse("sha256:" + "a".repeat(65)));
        assertXc(ErrorCode.INVALID_DIGEST, "expected 128", () -> Digest.parse("sha512:" + "a".repeat(64)));
    }

    @Test
    void upperCaseIsRejected() {
        assertXc(ErrorCode.INVALID_DIGEST, "lower-case", () -> Digest.parse(EMPTY_SHA256.toUpperCase()
                .replace("SHA256", "sha256")));
        assertXc(ErrorCode.INVALID_DIGEST, "'SHA256'", () -> Digest.parse("SHA256:" + "a".repeat(64)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5:d41d8cd98f00b204e9800998ecf8427e", "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "blake3:" + "ab"})
    void unknownAlgorithmIsRejected(String text) {
        assertXc(ErrorCode.INVALID_DIGEST, "unsupported digest algorithm '" + text.substring(0, text.indexOf(':'))
                + "'", () -> Digest.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "e3b0c442", ":abc", "sha256", "sha256:", "sha256:gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg"})
    void malformedIsRejected(String text) {
        assertXc(ErrorCode.INVALID_DIGEST, "digest", () -> Digest.parse(text));
    }
}
