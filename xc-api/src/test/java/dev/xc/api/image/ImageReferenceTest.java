package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static dev.xc.api.image.Fixtures.assertXc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageReferenceTest {

    static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void dockerHubOfficialImage() {
        ImageReference r = ImageReference.parse("alpine");
        assertEquals("docker.io", r.registry());
        assertEquals("library/alpine", r.repository());
        assertEquals(Optional.of("latest"), r.tag());
        assertEquals(Optional.empty(), r.digest());
        assertEquals("docker.io/library/alpine:latest", r.toString());
        assertEquals("alpine:latest", r.familiar());
        assertTrue(r.isDockerHub());
        assertEquals("latest", r.manifestReference());
    }

    @Test
    void dockerHubUserImage() {
        ImageReference r = ImageReference.parse("freebsdxc/freebsd:13.2");
        assertEquals("docker.io/freebsdxc/freebsd:13.2", r.toString());
        assertEquals("freebsdxc/freebsd", r.repository());
        assertEquals("freebsdxc/freebsd:13.2", r.familiar());
    }

    @Test
    void localRegistryWithPortAndDigest() {
        ImageReference r = ImageReference.parse("localhost:5000/a/b@sha256:" + HEX);
        assertEquals("localhost:5000", r.registry());
        assertEquals("a/b", r.repository());
        assertEquals(Optional.empty(), r.tag());
        assertEquals(Optional.of(Digest.parse("sha256:" + HEX)), r.digest());
        assertEquals("localhost:5000/a/b@sha256:" + HEX, r.toString());
        assertEquals(r.toString(), r.familiar());
        assertEquals("sha256:" + HEX, r.manifestReference());
    }

    @Test
    void otherRegistry() {
        ImageReference r = ImageReference.parse("ghcr.io/x/y:1");
        assertEquals("ghcr.io", r.registry());
        assertEquals("x/y", r.repository());
        assertEquals(Optional.of("1"), r.tag());
        assertFalse(r.isDockerHub());
        assertEquals("ghcr.io/x/y:1", r.familiar());
    }

    @Test
    void tagAndDigestTogether() {
        ImageReference r = ImageReference.parse("alpine:3.19@sha256:" + HEX);
        assertEquals(Optional.of("3.19"), r.tag());
        assertEquals("sha256:" + HEX, r.manifestReference());
        assertEquals(r, ImageReference.parse(r.toString()));
    }

    @Test
    void withTagAndWithDigest() {
        ImageReference r = ImageReference.parse("alpine").withTag("3");
        assertEquals("alpine:3", r.familiar());
        Digest d = Digest.parse("sha256:" + HEX);
        assertEquals(Optional.of(d), r.withDigest(d).digest());
        assertEquals(Optional.of("3"), r.withDigest(d).tag());
    }

    @ParameterizedTest
    @CsvSource({
            "alpine, alpine:latest",
            "library/alpine:3, alpine:3",
            "docker.io/library/alpine:3, alpine:3",
            "docker.io/freebsdxc/freebsd:13.2, freebsdxc/freebsd:13.2",
            "docker.io/library/a/b:1, library/a/b:1",
            "docker.io/my.org/app:1, docker.io/my.org/app:1",
            "quay.io/x:1, quay.io/x:1",
    })
    void familiarForms(String text, String familiar) {
        ImageReference r = ImageReference.parse(text);
        assertEquals(familiar, r.familiar());
        assertEquals(r, ImageReference.parse(r.familiar()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Alpine | must be lower case",
            "ghcr.io/X/y:1 | must be lower case",
            "alpine: | the tag after ':' is empty",
            "alpine@ | invalid image reference 'alpine@'",
            "'al pine' | space or control character at position 2",
            "' alpine' | space or control character at position 0",
            "a//b | repository component ''",
            "'' | the reference is empty",
            "ghcr.io/ | the repository name is missing",
            "alpine:-x | tag '-x'",
            "alpine@sha256:abc | expected 64",
            "localhost:99999/a | registry 'localhost:99999'",
            "a/b/ | repository component ''",
            "a..b | repository component 'a..b'",
    })
    void rejected(String text, String part) {
        assertXc(ErrorCode.INVALID_REFERENCE, part, () -> ImageReference.parse(text));
    }

    @Test
    void tagOf129CharactersIsRejectedAnd128Accepted() {
        String t128 = "a".repeat(128);
        assertEquals(Optional.of(t128), ImageReference.parse("alpine:" + t128).tag());
        assertXc(ErrorCode.INVALID_REFERENCE, "1-128", () -> ImageReference.parse("alpine:" + t128 + "a"));
    }

    @Test
    void registryThatWouldReadAsRepositoryIsRejectedByTheConstructor() {
        assertXc(ErrorCode.INVALID_REFERENCE, "registry 'myhost'",
                () -> new ImageReference("myhost", "foo", Optional.of("1"), Optional.empty()));
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("references") ImageReference r) {
        assertEquals(r, ImageReference.parse(r.toString()));
        assertEquals(r, ImageReference.parse(r.familiar()));
    }

    @Provide
    Arbitrary<ImageReference> references() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(6)
                .flatMap(s -> Arbitraries.of("", "-", "--x").map(mid -> mid.isEmpty() ? s : s + mid + "0"));
        Arbitrary<String> port = Arbitraries.integers().between(1, 65535).map(p -> ":" + p);
        Arbitrary<String> domain = Combinators.combine(label.list().ofMinSize(2).ofMaxSize(4),
                        Arbitraries.oneOf(Arbitraries.just(""), port))
                .as((labels, p) -> String.join(".", labels) + p);
        Arbitrary<String> registry = Arbitraries.oneOf(Arbitraries.just("docker.io"), Arbitraries.just("localhost"),
                port.map(p -> "localhost" + p), domain);
        Arbitrary<String> alnum = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1)
                .ofMaxLength(5);
        Arbitrary<String> separator = Arbitraries.of(".", "_", "__", "-", "--");
        Arbitrary<String> component = Combinators.combine(alnum, separator.list().ofMaxSize(2),
                        alnum.list().ofMinSize(2).ofMaxSize(2))
                .as((first, seps, rest) -> {
                    StringBuilder sb = new StringBuilder(first);
                    for (int i = 0; i < seps.size(); i++) {
                        sb.append(seps.get(i)).append(rest.get(i));
                    }
                    return sb.toString();
                });
        Arbitrary<String> repository = component.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
        Arbitrary<String> tag = Combinators.combine(
                        Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').numeric().withChars('_')
                                .ofLength(1),
                        Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').numeric()
                                .withChars('_', '.', '-').ofMaxLength(127))
                .as(String::concat);
        Arbitrary<Digest> digest = Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(Digest::sha256);
        return Combinators.combine(registry, repository, tag.optional(0.7), digest.optional(0.3))
                .as(ImageReference::new);
    }
}
