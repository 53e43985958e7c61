package dev.xc.devfs;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevfsRuleTest {

    @Provide
    static Arbitrary<String> patterns() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("abcxyz019._-+,:@%=~^*?[]!").ofMinLength(1)
                .ofMaxLength(12);
        return segment.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("/", l));
    }

    @Provide
    static Arbitrary<DevfsRule> rules() {
        Arbitrary<Optional<String>> path = patterns().optional(0.8);
        Arbitrary<Set<DevfsRule.DeviceType>> types = Arbitraries.of(DevfsRule.DeviceType.class).set().ofMaxSize(2);
        Arbitrary<Optional<DevfsRule.Visibility>> vis = Arbitraries.of(DevfsRule.Visibility.class).optional(0.8);
        Arbitrary<Optional<Integer>> id = Arbitraries.integers().between(0, Integer.MAX_VALUE).optional(0.2);
        Arbitrary<Optional<Integer>> mode = Arbitraries.integers().between(0, 07777).optional(0.3);
        Arbitrary<Optional<DevfsRule.RulesetRef>> inc = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 65535).map(n -> (DevfsRule.RulesetRef) new DevfsRule.ByNumber(n)),
                Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(10)
                        .map(n -> (DevfsRule.RulesetRef) new DevfsRule.ByName(n))).optional(0.2);
        return Combinators.combine(path, types, vis, id, id, mode, inc).as((p, t, v, u, g, m, i) -> {
            Optional<DevfsRule.Visibility> vv = v.isEmpty() && u.isEmpty() && g.isEmpty() && m.isEmpty()
                    && i.isEmpty() ? Optional.of(DevfsRule.Visibility.HIDE) : v;
            return new DevfsRule(p, t, vv, u, g, m, i);
        });
    }

    @Property(tries = 1000)
    void roundTrips(@ForAll("rules") DevfsRule rule) {
        assertEquals(rule, DevfsRule.parse(rule.toString()));
    }

    @Property(tries = 1000)
    void wordsAreWhatDevfsStores(@ForAll("rules") DevfsRule rule) {
        // the argv form, joined as devfs' stdin tokenizer would split it, parses back to the same rule
        assertEquals(rule, DevfsRule.parse(String.join(" ", rule.words())));
        assertFalse(rule.words().stream().anyMatch(w -> w.contains("'")));
    }

    @Property(tries = 1000)
    void garbageWordsAreRejected(@ForAll("rules") DevfsRule rule,
                                 @ForAll("garbage") String word) {
        XcException e = assertThrows(XcException.class, () -> DevfsRule.parse(rule + " " + word));
        assertEquals(ErrorCode.INVALID_SYNTAX, e.code());
        assertTrue(e.getMessage().startsWith("invalid devfs rule '" + rule + " " + word + "'"), e.getMessage());
    }

    @Provide
    static Arbitrary<String> garbage() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)
                .filter(w -> !Set.of("path", "type", "hide", "unhide", "user", "group", "mode", "include")
                        .contains(w));
    }

    @Test
    void documentedExamples() {
        assertEquals(DevfsRule.unhide("null"), DevfsRule.parse("path null unhide"));
        assertEquals("path 'bpf*' unhide", DevfsRule.parse("path \"bpf*\" unhide").toString());
        assertEquals("path 'bpf*' unhide", DevfsRule.parse("path bpf* unhide").toString());
        assertEquals(List.of("path", "bpf*", "unhide"), DevfsRule.parse("path 'bpf*' unhide").words());
        assertEquals(EnumSet.of(DevfsRule.DeviceType.DISK), DevfsRule.parse("type disk hide").types());
        DevfsRule pts = DevfsRule.parse("path 'pts/*' mode 0620 group 4");
        assertEquals(Optional.of(0620), pts.mode());
        assertEquals("path 'pts/*' group 4 mode 620", pts.toString());
        assertEquals(DevfsRule.include(1), DevfsRule.parse("include 1"));
        assertEquals(Optional.of(new DevfsRule.ByName("devfsrules_hide_all")),
                DevfsRule.parse("include $devfsrules_hide_all").include());
        // the original xc's order, actions first, is accepted and rendered conditions first
        assertEquals("path tun0 unhide", DevfsRule.parse("unhide path tun0").toString());
        assertEquals("path tun0 unhide", DevfsRule.parse("  path\ttun0   unhide ").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''                            | it is empty
            add path null unhide          | unknown keyword 'add': write the rule without 'add'
            100 path null unhide          | it starts with the rule number 100; rule numbers are assigned by xc
            path null                     | it has no action
            path                          | 'path' needs an argument
            path null frobnicate          | unknown keyword 'frobnicate'
            path a path b unhide          | 'path' is given twice
            type floppy hide              | unknown device type 'floppy' (expected disk, mem, tape or tty)
            path null hide unhide         | it both hides and unhides
            path null unhide unhide       | 'unhide' is given twice
            path null mode 0999           | 'mode 0999' needs an octal mode
            path null mode u+rw           | 'mode u+rw' needs an octal mode
            path null mode 17777          | 'mode 17777' needs an octal mode
            path null user root           | 'user root' needs a number from 0 to 2147483647
            path null group 99999999999   | 'group 99999999999' needs a number
            include 65536                 | 'include 65536' needs a ruleset number from 0 to 65535 or $name
            include $1bad                 | 'include $1bad' needs a ruleset number
            path '/dev/null' unhide       | it starts with '/', but devfs matches names relative to /dev
            path 'a b' unhide             | the character ' ' is not allowed
            path a;b unhide               | the character ';' is not allowed
            path a$b unhide               | the character '$' is not allowed
            path 'pts/' unhide            | it has an empty path component
            path 'bpf* unhide             | the quote ' at column 6 is not closed
            path 'bpf'x unhide            | text follows the closing quote
            path null 'unhide'            | only a path pattern may be quoted
            unhide path null mode 600     | 'mode' follows a condition that follows an action
            """)
    void rejections(String text, String problem) {
        XcException e = assertThrows(XcException.class, () -> DevfsRule.parse(text));
        assertEquals(ErrorCode.INVALID_SYNTAX, e.code());
        assertTrue(e.getMessage().startsWith("invalid devfs rule '" + text + "'")
                || e.getMessage().startsWith("invalid devfs rule '" + text + "': invalid"), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void tooLongPatternIsRejected() {
        String p = "a".repeat(200);
        XcException e = assertThrows(XcException.class, () -> DevfsRule.parse("path " + p + " unhide"));
        assertTrue(e.getMessage().contains("it is longer than 199 bytes, which devfs would truncate"));
        assertEquals(199, DevfsRule.parse("path " + "a".repeat(199) + " unhide").path().orElseThrow().length());
    }

    @Test
    void controlCharactersAreRejected() {
        XcException e = assertThrows(XcException.class, () -> DevfsRule.parse("path null unhide\npath mem unhide"));
        assertTrue(e.getMessage().contains("it contains a control character"));
    }
}
