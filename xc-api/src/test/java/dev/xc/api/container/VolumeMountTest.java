package dev.xc.api.container;

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

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VolumeMountTest {

    /** Absolute paths whose components may hold ':' and '\', never "..". */
    static Arbitrary<String> absPaths() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars(':', '\\', '_', '-', ' ', '.').ofMinLength(1)
                .ofMaxLength(6).filter(s -> !s.equals("..")).list().ofMinSize(0).ofMaxSize(4)
                .map(parts -> "/" + String.join("/", parts));
    }

    static Arbitrary<String> volumeNames() {
        return Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofLength(1),
                Arbitraries.strings().withCharRange('a', 'z').withChars('_', '.', '-').ofMaxLength(10))
                .as((a, b) -> a + b);
    }

    @Provide
    Arbitrary<VolumeMount> mounts() {
        Arbitrary<String> src = Arbitraries.oneOf(absPaths(), absPaths().map(p -> "." + p), volumeNames());
        Arbitrary<String> dst = Arbitraries.oneOf(absPaths(), volumeNames().filter(n -> !n.startsWith(".")));
        return Combinators.combine(src, dst, Arbitraries.of(true, false)).as(VolumeMount::new);
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("mounts") VolumeMount m) {
        assertEquals(m, VolumeMount.parse(m.toString()));
    }

    @Test
    void examples() {
        VolumeMount a = VolumeMount.parse("/srv/www:/usr/local/www");
        assertTrue(a.isHostPath());
        assertFalse(a.readOnly());
        assertFalse(a.isImageVolumeKey());
        VolumeMount b = VolumeMount.parse("pgdata:/var/db/postgres:ro");
        assertFalse(b.isHostPath());
        assertTrue(b.readOnly());
        assertEquals("pgdata:/var/db/postgres:ro", b.toString());
        assertEquals(VolumeMount.parse("pgdata:/var/db/postgres"), VolumeMount.parse("pgdata:/var/db/postgres:rw"));
        VolumeMount c = VolumeMount.parse("./conf:config");
        assertTrue(c.isHostPath());
        assertTrue(c.isImageVolumeKey());
    }

    @Test
    void escapedColonIsUnescaped() {
        VolumeMount m = VolumeMount.parse("/mnt/a\\:b:/data");
        assertEquals("/mnt/a:b", m.source());
        assertEquals("/data", m.destination());
        assertEquals("/mnt/a\\:b:/data", m.toString());
        // a backslash before anything else stays as it is
        assertEquals("/mnt/a\\b", VolumeMount.parse("/mnt/a\\b:/data").source());
        assertEquals("/mnt/a\\", VolumeMount.parse("/mnt/a\\\\:/data").source());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "/srv; a destination is needed",
            "/a:/b:ro:x; too many ':'",
            "/a:/b:rx; unknown mode 'rx'",
            "/a:/b:; unknown mode ''",
            ":/b; the source is empty",
            "/a:; the destination is empty",
            "my vol:/b; 'my vol' is neither a host path",
            "/a:/b/../etc; must not contain '..'",
            "/a:rel/path; 'rel/path' is neither an absolute path nor an image volume name",
    })
    void malformedIsRejected(String text, String why) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> VolumeMount.parse(text), "'" + text + "'", why);
    }
}
