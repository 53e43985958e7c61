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

import java.util.Optional;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DatasetParamTest {

    @Provide
    Arbitrary<DatasetParam> params() {
        Arbitrary<String> pool = Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofLength(1),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('_', '-', '.')
                        .ofMaxLength(8)).as((a, b) -> a + b);
        Arbitrary<String> comp = Arbitraries.strings().withCharRange('a', 'z').withChars('_', '-', '.', ':')
                .ofMinLength(1).ofMaxLength(8).filter(s -> !s.equals(".") && !s.equals(".."));
        Arbitrary<String> ds = Combinators.combine(pool, comp.list().ofMaxSize(4))
                .as((p, cs) -> cs.isEmpty() ? p : p + "/" + String.join("/", cs));
        return Combinators.combine(EnvAssignmentTest.envNames().optional(), ds).as(DatasetParam::new);
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("params") DatasetParam p) {
        assertEquals(p, DatasetParam.parse(p.toString()));
    }

    @Provide
    Arbitrary<String> absolute() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('/').ofMaxLength(15).map(s -> "/" + s);
    }

    @Property(tries = 1000)
    void leadingSlashIsRejected(@ForAll("absolute") String text) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> DatasetParam.parse(text),
                "invalid dataset path '" + text + "'", "does not start with '/'");
    }

    @Test
    void examples() {
        assertEquals(DatasetParam.of("zroot/jails/data"), DatasetParam.parse("zroot/jails/data"));
        DatasetParam p = DatasetParam.parse("DATA:tank/pg");
        assertEquals(Optional.of("DATA"), p.envVar());
        assertEquals("tank/pg", p.dataset());
        assertEquals("tank/a:b", DatasetParam.parse("tank/a:b").dataset());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "/zroot/data; does not start with '/'",
            "DATA:/zroot/data; does not start with '/'",
            "1X:tank/a; '1X' is not an environment variable name",
            "tank/a@snap; names a snapshot",
            "tank//a; component ''",
            "tank/../a; component '..'",
            "tank/a b; component 'a b'",
            "DATA:; the dataset name is empty",
            "9tank/a; pool name '9tank'",
    })
    void malformedIsRejected(String text, String why) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> DatasetParam.parse(text), "'" + text + "'", why);
    }
}
