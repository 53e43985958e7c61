package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest as the OCI image specification writes it: {@code algorithm ":" encoded}. Only the registered
 * algorithms {@code sha256} (64 lower-case hex digits) and {@code sha512} (128) are accepted, so every digest this
 * API holds can be verified.
 *
 * <p>{@snippet :
 * Digest d = Digest.parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
 * d.algorithm(); // "sha256"
 * }
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {

    public static final String SHA256 = "sha256";
    public static final String SHA512 = "sha512";

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        int want = switch (algorithm) {
            case SHA256 -> 64;
            case SHA512 -> 128;
            default -> throw XcException.invalid(ErrorCode.INVALID_DIGEST,
                    "unsupported digest algorithm '" + algorithm + "'",
                    "use sha256 or sha512, written like sha256:<64 hex digits>");
        };
        if (hex.length() != want || !isLowerHex(hex)) {
            throw XcException.invalid(ErrorCode.INVALID_DIGEST,
                    "malformed " + algorithm + " digest '" + algorithm + ":" + hex + "': expected " + want
                            + " lower-case hex digits",
                    "copy the digest exactly, e.g. sha256:" + "0".repeat(64).substring(0, 8) + "...");
        }
    }

    /** Parses {@code sha256:<hex>} or {@code sha512:<hex>}. */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw XcException.invalid(ErrorCode.INVALID_DIGEST,
                    "malformed digest '" + text + "': expected algorithm:hex",
                    "write it like sha256:<64 hex digits>");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The sha256 digest of {@code bytes}. */
    public static Digest sha256(byte[] bytes) {
        return of(SHA256, bytes);
    }

    /** The digest of {@code bytes} with {@code algorithm} ({@code sha256} or {@code sha512}). */
    public static Digest of(String algorithm, byte[] bytes) {
        return new Digest(algorithm, HexFormat.of().formatHex(newMessageDigest(algorithm).digest(bytes)));
    }

    /** A fresh {@link MessageDigest} for {@code algorithm}, for streaming verification. */
    public static MessageDigest newMessageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(switch (algorithm) {
                case SHA256 -> "SHA-256";
                case SHA512 -> "SHA-512";
                default -> throw XcException.invalid(ErrorCode.INVALID_DIGEST,
                        "unsupported digest algorithm '" + algorithm + "'", "use sha256 or sha512");
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /** A {@link MessageDigest} of the same algorithm as this digest. */
    public MessageDigest newMessageDigest() {
        return newMessageDigest(algorithm);
    }

    /** Whether {@code computed} (the raw output of {@link #newMessageDigest()}) equals this digest. */
    public boolean matches(byte[] computed) {
        return MessageDigest.isEqual(HexFormat.of().parseHex(hex), computed);
    }

    /** The first 12 hex digits, as listings show an id. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
