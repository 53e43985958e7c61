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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevfsRulesFileTest {

    @Provide
    Arbitrary<DevfsRulesFile> files() {
        Arbitrary<DevfsRulesFile.Section> section = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(12),
                Arbitraries.integers().between(1, 65535),
                DevfsRuleTest.rules().list().ofMaxSize(5)).as(DevfsRulesFile.Section::new);
        return section.list().ofMaxSize(4).uniqueElements(DevfsRulesFile.Section::name)
                .uniqueElements(DevfsRulesFile.Section::number).map(DevfsRulesFile::new);
    }

    @Property(tries = 1000)
    void roundTrips(@ForAll("files") DevfsRulesFile file) {
        assertEquals(file, DevfsRulesFile.parse(file.toString()));
    }

    @Test
    void freeBsdDefaults() {
        DevfsRulesFile d = DefaultRulesets.FILE;
        assertEquals(Map.of("devfsrules_hide_all", 1, "devfsrules_unhide_basic", 2, "devfsrules_unhide_login", 3,
                "devfsrules_jail", 4, "devfsrules_jail_vnet", 5), d.numbers());
        assertEquals(List.of("hide"), d.section(1).orElseThrow().rules().stream().map(DevfsRule::toString).toList());
        assertEquals(40, d.section(3).orElseThrow().rules().size());
        assertEquals(List.of("include 1", "include 2", "include 3", "include 4", "path pf unhide"),
                d.resolved(5, Map.of()).stream().map(DevfsRule::toString).toList());
        assertEquals(DefaultRulesets.FILE, DevfsRulesFile.parse(DefaultRulesets.FILE.toString()));
    }

    @Test
    void commentsBlankLinesAndLocalFiles() {
        DevfsRulesFile f = DevfsRulesFile.parse("""
                # local rules
                [devfsrules_web=100]   # for the web jails

                add include $devfsrules_jail
                add path 'tun*' unhide # tunnels
                """);
        assertEquals(2, f.sections().getFirst().rules().size());
        XcException notAComment = assertThrows(XcException.class,
                () -> DevfsRulesFile.parse("[a=1]\nadd path null unhide#x"));
        assertTrue(notAComment.getMessage().contains("unknown keyword 'unhide#x'"), notAComment.getMessage());
        assertEquals("include 4", f.resolved(100, DefaultRulesets.FILE.numbers()).getFirst().toString());
        XcException e = assertThrows(XcException.class, () -> f.resolved(100, Map.of()));
        assertEquals("devfs ruleset 'devfsrules_web' includes $devfsrules_jail, which is not defined",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            add path null unhide                     | line 1 'add path null unhide': a rule comes before the first [name=number] header
            [a=1]\\npath null unhide                 | line 2 'path null unhide': a rule line must start with 'add'
            [a=1\\nadd hide                          | line 1 '[a=1': a header must look like [name=number]
            [1a=1]                                   | cannot extract rule name: '1a' is not a shell variable name
            [a=x]                                    | cannot extract rule number: 'x' is not a number from 1 to 65535
            [a=0]                                    | cannot extract rule number: '0' is not a number from 1 to 65535
            [a=65536]                                | cannot extract rule number: '65536'
            [a=1]\\nadd path null                    | line 2 'add path null': invalid devfs rule 'path null': it has no action
            [a=1]\\n[a=2]                            | the ruleset name 'a' is used twice
            [a=1]\\n[b=1]                            | the ruleset number 1 is used twice
            """)
    void rejections(String text, String problem) {
        XcException e = assertThrows(XcException.class, () -> DevfsRulesFile.parse(text.replace("\\n", "\n")));
        assertEquals(ErrorCode.INVALID_SYNTAX, e.code());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void jailBase() {
        List<String> plain = new ArrayList<>(DefaultRulesets.jailBase(false).stream().map(DevfsRule::toString)
                .toList());
        assertEquals(List.of("include 1", "include 2", "include 3", "path fuse unhide", "path zfs unhide"), plain);
        plain.add("path pf unhide");
        assertEquals(plain, DefaultRulesets.jailBase(true).stream().map(DevfsRule::toString).toList());
    }
}
