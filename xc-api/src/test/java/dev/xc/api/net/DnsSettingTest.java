package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DnsSettingTest {

    @Test
    void flagsMapToSettings() {
        assertEquals(new DnsSetting.Inherit(), DnsSetting.fromFlags(List.of(), List.of(), false, false));
        assertEquals(new DnsSetting.Nop(), DnsSetting.fromFlags(List.of(), List.of(), false, true));
        assertEquals(new DnsSetting.Specified(List.of(), List.of()),
                DnsSetting.fromFlags(List.of(), List.of(), true, false));
        DnsSetting s = DnsSetting.fromFlags(List.of("1.1.1.1", "dead::53"), List.of("example.org", "lan"), false,
                false);
        assertEquals(new DnsSetting.Specified(List.of(IpLiteral.parse("1.1.1.1"), IpLiteral.parse("dead::53")),
                List.of("example.org", "lan")), s);
    }

    @Test
    void resolvConfUsesSearchNotDomain() {
        DnsSetting.Specified s = (DnsSetting.Specified) DnsSetting.fromFlags(List.of("1.1.1.1", "dead:0::53"),
                List.of("example.org", "lan"), false, false);
        assertEquals("search example.org lan\nnameserver 1.1.1.1\nnameserver dead::53\n", s.resolvConf());
        assertEquals("", new DnsSetting.Specified(List.of(), List.of()).resolvConf());
    }

    @Test
    void contradictoryFlagsAreRejectedNotPanicked() {
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> DnsSetting.fromFlags(List.of(), List.of(), true, true),
                "--dns-nop and --empty-dns are mutually exclusive");
        assertRejected(ErrorCode.INVALID_ARGUMENT,
                () -> DnsSetting.fromFlags(List.of("1.1.1.1"), List.of(), false, true), "--dns-nop and --dns");
        assertRejected(ErrorCode.INVALID_ARGUMENT,
                () -> DnsSetting.fromFlags(List.of(), List.of("lan"), false, true), "--dns-search");
        assertRejected(ErrorCode.INVALID_ARGUMENT,
                () -> DnsSetting.fromFlags(List.of("1.1.1.1"), List.of(), true, false), "--empty-dns");
    }

    @Test
    void badValuesAreNamed() {
        assertRejected(ErrorCode.INVALID_SYNTAX,
                () -> DnsSetting.fromFlags(List.of("1.1.1"), List.of(), false, false), "'1.1.1'");
        assertRejected(ErrorCode.INVALID_SYNTAX,
                () -> DnsSetting.fromFlags(List.of(), List.of("bad_domain"), false, false), "'bad_domain'");
    }
}
