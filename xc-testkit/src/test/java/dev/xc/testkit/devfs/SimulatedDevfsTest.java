package dev.xc.testkit.devfs;

import dev.xc.api.spi.Command;
import dev.xc.testkit.SimulatedHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated devfs(8): FreeBSD's messages, exit statuses and kernel ruleset behaviour. */
class SimulatedDevfsTest {

    static final String USAGE = "usage: \tdevfs [-m mount-point] rule [-s ruleset] ...\n"
            + "\tdevfs [-m mount-point] ruleset ...\n";

    final SimulatedDevfs devfs = SimulatedDevfs.withDefaultRulesets();

    SimulatedHost.Outcome run(String line) {
        return devfs.run(Command.of(List.of(("devfs " + line).split(" "))));
    }

    @Test
    void defaultsLoadLikeRc() {
        assertEquals(Set.of(1, 2, 3, 4, 5), Set.copyOf(devfs.rulesets()));
        assertEquals("1\n2\n3\n4\n5\n", run("rule showsets").stdout());
        assertEquals(List.of("100 include 1", "200 include 2", "300 include 3", "400 include 4", "500 path pf unhide"),
                devfs.show(5));
        assertEquals("100 path ptyp* unhide\n", run("rule -s 3 show 100").stdout());
        assertEquals("", run("rule -s 3 show 150").stdout());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            rule -s 10 add path                    | devfs rule: expecting argument for path
            rule -s 10 add path x type             | devfs rule: expecting argument for type
            rule -s 10 add type floppy hide        | devfs rule: unknown type: floppy
            rule -s 10 add path x frob             | devfs rule: unknown argument: frob
            rule -s 10 add unhide path x           | devfs rule: unknown argument: path
            rule -s 10 add path x user             | devfs rule: expecting argument for user
            rule -s 10 add path x user nosuchuser  | devfs rule: error converting to integer: nosuchuser
            rule -s 10 add path x mode 999         | devfs rule: invalid mode: 999
            rule -s 10 add path x mode 17777       | devfs rule: invalid mode: 17777
            rule -s 10 add include x               | devfs rule: error converting to number: x
            rule -s 10 add include 77              | devfs rule: ioctl DEVFSIO_RADD: No such process
            rule -s 70000 add hide                 | devfs rule: error converting to number: 70000
            rule -s -1 add hide                    | devfs rule: error converting to number: -1
            rule -s x showsets                     | devfs rule: error converting to number: x
            rule add hide                          | devfs rule: ioctl DEVFSIO_RADD: Input/output error
            rule -s 1 add 100 hide                 | devfs rule: ioctl DEVFSIO_RADD: File exists
            rule -s 10 del 100                     | devfs rule: ioctl DEVFSIO_RDEL: No such file or directory
            rule -s 10 del x                       | devfs rule: error converting to integer: x
            rule -s 10 applyset                    | devfs rule: ioctl DEVFSIO_SAPPLY: No such process
            rule -s 10 show 100                    | devfs rule: ioctl DEVFSIO_RGETNEXT: No such file or directory
            rule -s 10 apply 100                   | devfs rule: ioctl DEVFSIO_RAPPLYID: No such file or directory
            rule -s 10 frob                        | devfs rule: unknown command: frob
            frob                                   | devfs: unknown command: frob
            -m /jails/x/dev rule showsets          | devfs: open: /jails/x/dev: No such file or directory
            ruleset x                              | devfs ruleset: error converting to number: x
            """)
    void rejectsWhatFreeBsdRejects(String line, String message) {
        SimulatedHost.Outcome o = run(line);
        assertEquals(1, o.exitCode(), line);
        assertEquals(message + "\n", o.stderr());
        assertEquals("", o.stdout());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            rule                        | ''
            rule -s 10                  | ''
            rule -s 10 add              | ''
            rule showsets extra         | ''
            rule -s 10 delset extra     | ''
            ruleset                     | ''
            rule -x showsets            | 'devfs rule: illegal option -- x\n'
            rule -s                     | 'devfs rule: option requires an argument -- s\n'
            -m                          | 'devfs: option requires an argument -- m\n'
            -q rule showsets            | 'devfs: illegal option -- q\n'
            """)
    void usage(String line, String before) {
        SimulatedHost.Outcome o = run(line);
        assertEquals(1, o.exitCode());
        assertEquals(before.replace("\\n", "\n") + USAGE, o.stderr());
    }

    @Test
    void usageWithNoArguments() {
        SimulatedHost.Outcome o = devfs.run(Command.of("devfs"));
        assertEquals(1, o.exitCode());
        assertEquals(USAGE, o.stderr());
    }

    @Test
    void addShowDeleteAndReap() {
        assertEquals(0, run("rule -s 10 add path null unhide").exitCode());
        assertEquals(0, run("rule -s 10 add path mem user root group kmem mode 0640").exitCode());
        assertEquals(0, run("rule -s 10 add 150 type disk type tty path ada* hide").exitCode());
        assertEquals(0, run("rule -s 10 add include 4").exitCode());
        assertEquals("100 path null unhide\n150 type disk type tty path ada* hide\n"
                + "200 path mem user root group kmem mode 640\n300 include 4\n", run("rule -s 10 show").stdout());
        assertEquals(0, run("rule -s 4 delset").exitCode());
        assertTrue(devfs.rulesets().contains(4), "an included ruleset stays while it is included");
        assertEquals(0, run("rule -s 10 del 300").exitCode());
        assertTrue(devfs.rulesets().contains(4), "ruleset 5 still includes it");
        assertEquals(0, run("rule -s 5 delset").exitCode());
        assertTrue(!devfs.rulesets().contains(4), "reaped once nothing includes it");
        assertEquals(0, run("rule -s 10 delset").exitCode());
        assertEquals(0, run("rule -s 10 delset").exitCode(), "delset of a missing ruleset succeeds");
        assertTrue(!devfs.rulesets().contains(10));
    }

    @Test
    void autoNumberOverflowIsERange() {
        assertEquals(0, run("rule -s 10 add 65500 hide").exitCode());
        SimulatedHost.Outcome o = run("rule -s 10 add unhide");
        assertEquals("devfs rule: ioctl DEVFSIO_RADD: Result too large\n", o.stderr());
    }

    @Test
    void rulesFromStdinAreNotShellText() {
        SimulatedHost.Outcome o = devfs.run(Command.of("devfs", "rule", "-s", "10", "add", "-")
                .withStdin("path 'bpf*' unhide\n200 path null unhide\n\npath zero unhide\n"));
        assertEquals(0, o.exitCode());
        assertEquals(List.of("100 path 'bpf*' unhide", "200 path null unhide"), devfs.show(10),
                "quotes kept, the rule after the blank line dropped silently");
        SimulatedHost.Outcome add = devfs.run(Command.of("devfs", "rule", "-s", "11", "add", "-")
                .withStdin("path a unhide\nadd path b unhide\n"));
        assertEquals(1, add.exitCode());
        assertEquals("devfs rule: unknown argument: add\n", add.stderr());
        assertEquals(List.of("100 path a unhide"), devfs.show(11), "no transaction: the first line stays");
        SimulatedHost.Outcome blanks = devfs.run(Command.of("devfs", "rule", "-s", "12", "add", "-")
                .withStdin("   \n"));
        assertEquals("devfs rule: unexpected end of rulespec\n", blanks.stderr());
        SimulatedHost.Outcome exists = devfs.run(Command.of("devfs", "rule", "-s", "10", "add", "-")
                .withStdin("200 hide\n"));
        assertEquals("devfs rule: ioctl: File exists\n", exists.stderr());
    }

    @Test
    void mountsUseRulesets() {
        devfs.mount("/jails/a/dev", 0);
        assertEquals(0, run("-m /jails/a/dev ruleset 20").exitCode());
        assertTrue(devfs.rulesets().contains(20), "a used ruleset exists even when empty");
        assertEquals(0, run("-m /jails/a/dev rule add path null unhide").exitCode());
        assertEquals(List.of("100 path null unhide"), devfs.show(20), "-s 0 means the mount's ruleset");
        assertEquals(0, run("-m /jails/a/dev rule applyset").exitCode());
        assertEquals(List.of("/jails/a/dev ruleset 20"), devfs.applied());
        devfs.unmount("/jails/a/dev");
        assertTrue(devfs.rulesets().contains(20));
        assertEquals(0, run("rule -s 20 delset").exitCode());
        assertTrue(!devfs.rulesets().contains(20));
    }

    @Test
    void longPatternIsTruncatedWithAWarning() {
        SimulatedHost.Outcome o = run("rule -s 10 add path " + "a".repeat(250) + " unhide");
        assertEquals(0, o.exitCode());
        assertEquals("devfs rule: pattern specified too long; truncated\n", o.stderr());
        assertEquals("100 path " + "a".repeat(199) + " unhide", devfs.show(10).getFirst());
    }
}
