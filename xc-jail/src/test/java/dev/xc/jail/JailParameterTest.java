package dev.xc.jail;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.KernelParam;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JailParameterTest {

    @Provide
    Arbitrary<String> valid() {
        Arbitrary<String> ints = Combinators.combine(Arbitraries.of("enforce_statfs", "securelevel"),
                Arbitraries.integers().between(0, 2)).as((n, v) -> n + "=" + v);
        Arbitrary<String> ruleset = Arbitraries.integers().between(0, 65535).map(v -> "devfs_ruleset=" + v);
        Arbitrary<String> strings = Combinators.combine(Arbitraries.of("host.hostname", "host.domainname"),
                Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(40))
                .as((n, v) -> n + "=" + v);
        Arbitrary<String> bools = Combinators.combine(Arbitraries.of(List.copyOf(JailParameters.all().values()
                        .stream().filter(d -> d.type() == JailParameterType.BOOL).map(JailParameterDef::name)
                        .toList())), Arbitraries.of(true, false))
                .as((n, v) -> JailParameter.parse(n, v.toString()).toString());
        Arbitrary<String> sys = Combinators.combine(Arbitraries.of("ip4", "ip6", "sysvmsg", "sysvsem", "sysvshm"),
                Arbitraries.of("new", "inherit", "disable")).as((n, v) -> n + "=" + v);
        Arbitrary<String> ip4 = Arbitraries.integers().between(1, 254).list().ofMinSize(0).ofMaxSize(4).uniqueElements()
                .map(l -> "ip4.addr=" + String.join(",", l.stream().map(i -> "10.0.0." + i).toList()));
        Arbitrary<String> ip6 = Arbitraries.integers().between(1, 0xffff).list().ofMinSize(1).ofMaxSize(3)
                .uniqueElements().map(l -> "ip6.addr=" + String.join(",", l.stream()
                        .map(i -> "2001:db8:0:0:0:0:0:" + Integer.toHexString(i)).toList()));
        Arbitrary<String> hostid = Arbitraries.longs().between(0, Long.MAX_VALUE).map(v -> "host.hostid=" + v);
        Arbitrary<String> linux = Arbitraries.integers().between(1, 9).map(v -> "linux.osrelease=" + v + ".10.0");
        return Arbitraries.oneOf(ints, ruleset, strings, bools, sys, ip4, ip6, hostid, linux,
                Arbitraries.of("vnet=new", "vnet=inherit", "linux=new", "persist", "nopersist"));
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("valid") String text) {
        JailParameter p = JailParameter.parse(text);
        assertEquals(p, JailParameter.parse(p.toString()));
        assertEquals(p.name(), p.toKernel().name().replace(".no", ".").replaceFirst("^no", ""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "enforce_statfs=3|invalid jail parameter 'enforce_statfs=3': enforce_statfs must be from 0 to 2",
            "devfs_ruleset=70000|invalid jail parameter 'devfs_ruleset=70000': devfs_ruleset must be from 0 to 65535",
            "devfs_ruleset=ten|invalid jail parameter 'devfs_ruleset=ten': devfs_ruleset is not a number",
            "vnet=disable|invalid jail parameter 'vnet=disable': vnet can only be new or inherit",
            "linux=disable|invalid jail parameter 'linux=disable': linux can only be new or inherit",
            "ip4=maybe|invalid jail parameter 'ip4=maybe': ip4 must be new, inherit or disable",
            "ip4.addr=10.0.0.300|invalid jail parameter 'ip4.addr=10.0.0.300': ip4.addr is not an IPv4 address",
            "ip4.addr=0.0.0.0|invalid jail parameter 'ip4.addr=0.0.0.0': ip4.addr the kernel refuses the unspecified and the broadcast address",
            "ip4.addr=10.0.0.2,10.0.0.2|invalid jail parameter 'ip4.addr=10.0.0.2': ip4.addr is listed twice",
            "ip6.addr=10.0.0.2|invalid jail parameter 'ip6.addr=10.0.0.2': ip6.addr is not an IPv6 address",
            "persist=maybe|invalid jail parameter 'persist=maybe': persist must be true or false",
            "osrelease=14.1-RELEASE-p99-abcdefghijklmnopq|invalid jail parameter 'osrelease=14.1-RELEASE-p99-abcdefghijklmnopq': osrelease must be 1 to 31 bytes, got 34",
            "osreldate=0|invalid jail parameter 'osreldate=0': osreldate must be from 1 to 2147483647",
            "linux.osrelease=5.15|invalid jail parameter 'linux.osrelease=5.15': linux.osrelease must look like A.B.C[-suffix] and be at least 1.0.0 (linux.osrelease format error)",
            "name=a.b|invalid jail parameter 'name=a.b': name a jail name is letters, digits, '_' and '-', starts with a letter, digit or '_', is not all digits and has no '.' (a dot names a parent jail)",
            "name=42|invalid jail parameter 'name=42': name a jail name is letters, digits, '_' and '-', starts with a letter, digit or '_', is not all digits and has no '.' (a dot names a parent jail)",
            "path=jails/web|invalid jail parameter 'path=jails/web': path must be an absolute path",
            "allow.frobnicate|unknown jail parameter 'allow.frobnicate'",
            "linux.osreldate=1|unknown jail parameter 'linux.osreldate'",
            "mount.devfs|'mount.devfs' is a jail(8) pseudo-parameter, not a kernel jail parameter",
            "exec.start=/bin/sh /etc/rc|'exec.start' is a jail(8) pseudo-parameter, not a kernel jail parameter",
            "dying=1|jail parameter 'dying' is read-only",
            "host.hostname|invalid jail parameter 'host.hostname=': host.hostname needs a value (string)"})
    void malformedIsRejected(String text, String message) {
        XcException e = assertThrows(XcException.class, () -> JailParameter.parse(text));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals(message, e.getMessage());
    }

    @Test
    void kernelEncodingOfEachType() {
        assertEquals(KernelParam.text("host.hostname", "web"), JailParameter.parse("host.hostname=web").toKernel());
        assertEquals(KernelParam.int32("devfs_ruleset", 10), JailParameter.parse("devfs_ruleset=10").toKernel());
        assertEquals(KernelParam.int32("vnet", 1), JailParameter.parse("vnet").toKernel());
        assertEquals(KernelParam.int32("ip4", 2), JailParameter.parse("ip4=inherit").toKernel());
        assertEquals(KernelParam.flag("persist"), JailParameter.parse("persist=true").toKernel());
        assertEquals(KernelParam.flag("allow.nomount"), JailParameter.parse("allow.mount=false").toKernel());
        assertEquals(KernelParam.flag("allow.mount.nozfs"), JailParameter.parse("allow.mount.nozfs").toKernel());
        assertEquals(KernelParam.int64("host.hostid", 42L), JailParameter.parse("host.hostid=42").toKernel());
        assertArrayEquals(new byte[] {10, 0, 0, 2, (byte) 192, (byte) 168, 1, 1},
                ((KernelParam.Value.Bytes) JailParameter.parse("ip4.addr=10.0.0.2,192.168.1.1").toKernel().value())
                        .bytes());
        assertEquals(16, ((KernelParam.Value.Bytes) JailParameter.parse("ip6.addr=2001:db8::2").toKernel().value())
                .bytes().length);
        assertEquals("ip4.addr=", JailParameter.parse("ip4.addr=").toString());
        assertEquals("allow.mount.nozfs", JailParameter.parse("allow.mount.zfs=0").toString());
    }

    @Test
    void crossParameterRulesListEveryProblem() {
        List<JailParameter> p = List.of(JailParameter.parse("vnet=new"), JailParameter.parse("ip4=inherit"),
                JailParameter.parse("ip4.addr=10.0.0.2"), JailParameter.parse("allow.adjtime"));
        XcException e = assertThrows(XcException.class, () -> JailParameters.validate(p, Optional.of(1401000)));
        assertEquals(4, e.problems().size(), e::getMessage);
        assertTrue(e.getMessage().contains("'ip4=inherit' cannot be combined with 'vnet=new': vnet jails cannot have "
                + "IP address restrictions"), e.getMessage());
        assertTrue(e.getMessage().contains("'ip4=inherit' and 'ip4.addr=10.0.0.2' contradict each other"));
        assertTrue(e.getMessage().contains("jail parameter 'allow.adjtime' needs kern.osreldate 1500000 or later"));
        JailParameters.validate(List.of(JailParameter.parse("vnet"), JailParameter.parse("allow.raw_sockets")),
                Optional.of(1401000));
    }

    @Test
    void everyCataloguedParameterNamesItsSource() {
        assertTrue(JailParameters.all().size() > 50);
        JailParameters.all().values().forEach(d -> assertTrue(d.source().startsWith("freebsd-facts.md"), d::name));
    }
}
