package dev.xc.api.volume;

import dev.xc.api.ErrorCode;
import dev.xc.api.image.ImageReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VolumeCreateRequestTest {

    @Provide
    Arbitrary<ZfsOption> options() {
        Arbitrary<String> name = Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofLength(1),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars("_.:+-")
                        .ofMaxLength(20)).as((a, b) -> a + b).filter(n -> !n.startsWith("xc:"));
        Arbitrary<String> value = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(20)
                .filter(v -> v.indexOf(0) < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0);
        return Combinators.combine(name, value).as(ZfsOption::new);
    }

    @Property(tries = 1000)
    void optionRoundTrip(@ForAll("options") ZfsOption o) {
        assertEquals(o, ZfsOption.parse(o.toString()));
    }

    @Provide
    Arbitrary<String> noEquals() {
        return Arbitraries.strings().all().ofMaxLength(20).filter(s -> s.indexOf('=') < 0);
    }

    @Property(tries = 1000)
    void optionWithoutEqualsIsRejected(@ForAll("noEquals") String text) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> ZfsOption.parse(text), "'" + text + "'",
                "no '='");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "Compression=lz4; 'Compression' is not a property name",
            "=lz4; '' is not a property name",
            "compression=; the value of compression is empty",
            "xc:image=x; reserved",
    })
    void badOptionsAreRejected(String text, String why) {
        var e = assertRejected(ErrorCode.INVALID_SYNTAX, () -> ZfsOption.parse(text), "'" + text + "'", why);
        assertTrue(e.hint().contains("invalid zfs option, accepted formats are $key=$value"));
    }

    @Test
    void requests() {
        Map<String, String> opts = VolumeCreateRequest.parseOptions(List.of("compression=lz4", "recordsize=1M"));
        assertEquals(List.of("compression", "recordsize"), List.copyOf(opts.keySet()));
        VolumeCreateRequest r = new VolumeCreateRequest("pgdata", VolumeDriver.ZFS, Optional.empty(), opts,
                Optional.of(ImageReference.parse("postgres:16")), Optional.of("data"));
        assertEquals("lz4", r.zfsOptions().get("compression"));
        assertEquals(VolumeDriver.ZFS, VolumeDriver.parse("zfs"));
        assertEquals("directory", VolumeDriver.DIRECTORY.id());
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> VolumeDriver.parse("nfs"), "'nfs'");
        assertRejected(ErrorCode.INVALID_ARGUMENT,
                () -> VolumeCreateRequest.parseOptions(List.of("atime=off", "atime=on")), "'atime' is given twice");
    }

    @Test
    void crossFieldRules() {
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> new VolumeCreateRequest("v", VolumeDriver.DIRECTORY,
                Optional.empty(), Map.of("atime", "off"), Optional.empty(), Optional.empty()),
                "need the zfs driver");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> new VolumeCreateRequest("v", VolumeDriver.ZFS,
                Optional.empty(), Map.of(), Optional.of(ImageReference.parse("a:1")), Optional.empty()),
                "only the image was given");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> new VolumeCreateRequest("v", VolumeDriver.ZFS,
                Optional.empty(), Map.of(), Optional.empty(), Optional.of("data")), "only the volume key");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> new VolumeCreateRequest("v", VolumeDriver.DIRECTORY,
                Optional.of(Path.of("rel")), Map.of(), Optional.empty(), Optional.empty()), "'rel'");
        assertRejected(ErrorCode.INVALID_NAME, () -> VolumeCreateRequest.of("-v", VolumeDriver.ZFS), "'-v'");
        VolumeInfo info = new VolumeInfo("v", VolumeDriver.ZFS, Path.of("/tank/v"), Map.of(), List.of("www"),
                List.of());
        assertTrue(info.mayMount("www"));
    }
}
