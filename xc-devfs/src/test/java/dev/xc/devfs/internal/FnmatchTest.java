package dev.xc.devfs.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FnmatchTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(textBlock = """
            null,        null,           true
            null,        nul,            false
            n*,          nda0,           true
            n*,          nvme0ns1,       true
            *,           ada0,           true
            *,           zvol/tank/vol,  false
            */*,         zvol/tank,      true
            zvol/*,      zvol/tank/vol,  false
            zvol/*/*,    zvol/tank/vol,  true
            a?a*,        ada0p1,         true
            a?a*,        a/a0,           false
            ?,           a,              true
            ??,          a,              false
            bpf*,        bpf,            true
            bpf*,        bpf0,           true
            [a-c]da0,    ada0,           true
            [!a]da0,     ada0,           false
            [^a]da0,     nda0,           true
            [!a]da0,     /da0,           false
            [],          [],             true
            []]x,        ]x,             true
            [a/b]x,      [a/b]x,         true
            pts/*,       pts/0,          true
            pts*,        pts/0,          false
            *.io/*,      vmm.io/guest,   true
            .*,          .hidden,        true
            *,           .hidden,        true
            **,          ab,             true
            a*b*c,       axxbyyc,        true
            a*b*c,       axxbyy,         false
            """)
    void matches(String pattern, String name, boolean expected) {
        assertEquals(expected, Fnmatch.matches(pattern, name));
    }
}
