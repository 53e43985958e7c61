package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CopyFileTest {

    @Provide
    Arbitrary<CopyFile> copies() {
        Arbitrary<Path> src = VolumeMountTest.absPaths().map(Path::of);
        return Combinators.combine(src, VolumeMountTest.absPaths()).as(CopyFile::new);
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("copies") CopyFile c) {
        assertEquals(c, CopyFile.parse(c.toString()));
    }

    @Test
    void examples() {
        CopyFile c = CopyFile.parse("./app.conf:/usr/local/etc/app.conf");
        assertEquals(Path.of("./app.conf"), c.source());
        assertEquals("/usr/local/etc/app.conf", c.destination());
        assertEquals("/a:b", CopyFile.parse("/a\\:b:/c").source().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "./a; a destination is needed",
            "./a:/b:/c; too many ':'",
            "./a:b; destination 'b' is not an absolute path",
            "./a:/../b; destination '/../b'",
            ":/b; the source path is empty",
    })
    void malformedIsRejected(String text, String why) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> CopyFile.parse(text), "'" + text + "'", why);
    }
}
