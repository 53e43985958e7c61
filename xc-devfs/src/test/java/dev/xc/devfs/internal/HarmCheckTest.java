package dev.xc.devfs.internal;

import dev.xc.api.spi.DevfsFeature;
import dev.xc.api.spi.DevfsFinding;
import dev.xc.devfs.DevfsRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harm check over a table of rules, harmful and harmless, sneaky patterns included. */
class HarmCheckTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            path null unhide                  | -
            path zero unhide                  | -
            path 'null' unhide                | -
            path 'pts/*' unhide               | -
            path fuse unhide                  | -
            path zfs unhide                   | -
            path dtrace unhide                | -
            path dtrace/helper unhide         | -
            path 'fd/*' unhide                | -
            path speakerx unhide              | -
            path 'vmm' unhide                 | -
            path ada0 hide                    | -
            path '*' hide                     | -
            hide                              | -
            type disk hide                    | -
            path 'ttyp*' unhide               | -
            include 1                         | -
            include 2                         | -
            include $devfsrules_unhide_login  | -
            path null mode 666                | -
            path 'pts/*' group 4 mode 620     | -
            path ada0 unhide                  | unhides ada0, a raw disk or disk-like device
            path 'ada*' unhide                | unhides ada0, a raw disk or disk-like device (the pattern 'ada*' matches it)
            path 'da[0-9]*' unhide            | unhides da0
            path 'nda*' unhide                | unhides nda0
            path nvd0 unhide                  | unhides nvd0
            path 'md*' unhide                 | unhides md0
            path 'zvol/*/*' unhide            | unhides zvol/tank/vol
            path 'gpt/*' unhide               | unhides gpt/root
            path 'n*' unhide                  | unhides nda0, a raw disk or disk-like device (the pattern 'n*' matches it)
            path '*' unhide                   | unhides ada0
            path 'a?a*' unhide                | unhides ada0
            path '[a-z]da0' unhide            | unhides ada0
            path '?' unhide                   | -
            path '??' unhide                  | unhides io, physical or kernel memory, or I/O ports
            path '???' unhide                 | unhides da0
            path 'k*' unhide                  | unhides kmem
            path mem unhide                   | unhides mem, physical or kernel memory, or I/O ports
            path io unhide                    | unhides io
            path pf unhide                    | unhides pf, the host's pf firewall
            path 'p?' unhide                  | unhides pf
            path bpf unhide                   | unhides bpf, packet capture
            path 'bpf*' unhide                | unhides bpf, packet capture (the pattern 'bpf*' matches it)
            path klog unhide                  | unhides klog, a kernel control or tracing device
            path 'dtrace/*' unhide            | unhides dtrace/dtrace
            path console unhide               | unhides console, a terminal or console of the host
            path 'tty*' unhide                | unhides ttyv0
            unhide                            | unhides ada0, a raw disk or disk-like device (it has no path: it matches every node)
            type disk unhide                  | unhides ada0, a raw disk or disk-like device (it matches every disk device)
            type mem unhide                   | unhides mem
            type tape unhide                  | unhides sa0
            type tty unhide                   | unhides console
            path ada0 mode 666                | changes the owner or mode of ada0
            path mem user 1001                | changes the owner or mode of mem
            path 'da*' group 5                | changes the owner or mode of da0
            path 'vmm/*' unhide               | unhides vmm/guest0, the bhyve hypervisor
            path vmmctl unhide                | unhides vmmctl
            path 'tap*' unhide                | unhides tap0, tap interfaces shared with the host
            path 'tun*' unhide                | unhides tun0
            path 'nmdm*' unhide               | unhides nmdm0A
            include 4                         | includes ruleset 4, whose rules are the host's and may expose anything
            include 5                         | includes ruleset 5
            include 1000                      | includes ruleset 1000
            include $devfsrules_jail_vnet     | includes ruleset $devfsrules_jail_vnet
            path 'pts/*' type disk unhide     | -
            path 'ada*' type tty unhide       | -
            """)
    void table(String rule, String expected) {
        Optional<DevfsFinding> f = HarmCheck.check(DevfsRule.parse(rule), Set.of());
        if (expected.equals("-")) {
            assertEquals(Optional.empty(), f, rule);
        } else {
            assertTrue(f.isPresent(), rule + " should be harmful");
            assertTrue(f.get().reason().startsWith(expected), f.get().reason());
            assertEquals(DevfsRule.parse(rule).toString(), f.get().rule());
        }
    }

    @Test
    void askedFeaturesAndVnetAllowTheirFamilies() {
        DevfsRule bpf = DevfsRule.parse("path 'bpf*' unhide");
        assertTrue(HarmCheck.check(bpf, HarmCheck.allowed(Set.of(), false)).isPresent());
        assertTrue(HarmCheck.check(bpf, HarmCheck.allowed(Set.of(DevfsFeature.BPF), false)).isEmpty());
        DevfsRule pf = DevfsRule.parse("path pf unhide");
        assertTrue(HarmCheck.check(pf, HarmCheck.allowed(Set.of(), false)).isPresent());
        assertTrue(HarmCheck.check(pf, HarmCheck.allowed(Set.of(), true)).isEmpty());
        // a feature allows its family only: 'b*' still reaches nothing else? it does not matter; '*' reaches disks
        DevfsRule all = DevfsRule.parse("path '*' unhide");
        assertTrue(HarmCheck.check(all, HarmCheck.allowed(Set.of(DevfsFeature.values()), true)).isPresent());
        // 'p*' reaches pass0 (a disk controller) before pf: allowing pf does not make it harmless
        DevfsRule p = DevfsRule.parse("path 'p*' unhide");
        assertTrue(HarmCheck.check(p, HarmCheck.allowed(Set.of(DevfsFeature.PF), true)).orElseThrow().reason()
                .startsWith("unhides pass0"));
    }

    @Test
    void listOfRules() {
        List<DevfsFinding> f = HarmCheck.check(List.of(DevfsRule.parse("path null unhide"),
                DevfsRule.parse("path 'n*' unhide"), DevfsRule.parse("path mem hide")), Set.of());
        assertEquals(List.of("path 'n*' unhide"), f.stream().map(DevfsFinding::rule).toList());
    }
}
