package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.ImageReference;
import dev.xc.api.net.DnsSetting;
import dev.xc.api.net.NetworkRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunRequestTest {

    private static final ImageReference IMAGE = ImageReference.parse("freebsdxc/freebsd:13.2");

    private static RunRequest.Builder b() {
        return RunRequest.builder(IMAGE);
    }

    @Test
    void fullRequestBuilds() {
        RunRequest r = b().name("web1").hostname("web1.example.org").entryPoint("/bin/sh", List.of("-c", "echo"))
                .env("B", "2").env("A=1").volume("pgdata:/var/db/postgres:ro").network("example|172.17.0.200")
                .ip("igb0|192.168.8.7/24").publish("8080:80/tcp").vnet(true).dataset("DS:zroot/data")
                .jailParam("allow.raw_sockets=1").usdt(true).mainAddress("network/example").tap("TAP0").tun("TUN0")
                .enablePf(true).childrenMax(2).copy("./a.conf:/etc/a.conf").extraLayer(Path.of("/tmp/l.tar"))
                .netGroup("example").noClean(true).persist(true).tty(true).interactive(true).user("www")
                .group("80").workDir("/usr/local/www").limit("memoryuse=512M").limit(ResourceLimit.cpuPercent(50))
                .healthCheck(HealthCheck.of(List.of("/bin/true"))).restart("on-failure:3")
                .approveDevfsRule("path 'bpf*' unhide").build();
        assertEquals(Optional.of("web1"), r.name());
        assertEquals(List.of("B", "A"), List.copyOf(r.env().keySet()));
        assertEquals(new DnsSetting.Inherit(), r.dns());
        assertEquals(List.of("example"), r.networkNames());
        assertTrue(r.hasImplicitLoopback());
        assertEquals(2, r.limits().limits().size());
        assertEquals("on-failure:3", r.restart().toString());
        assertEquals(Optional.of("www"), r.user());
    }

    @Test
    void defaults() {
        RunRequest r = b().build();
        assertEquals(new DnsSetting.Inherit(), r.dns());
        assertEquals(RestartPolicy.no(), r.restart());
        assertTrue(r.limits().isEmpty());
        assertEquals(0, r.childrenMax());
        RunRequest c = b().createOnly(true).build();
        assertEquals(new DnsSetting.Nop(), c.dns());
        assertTrue(c.isCreate());
        assertEquals(DnsSetting.inherit(), b().createOnly(true).dns(DnsSetting.inherit()).build().dns());
    }

    @Test
    void singleValuedSettersOverwrite() {
        assertEquals(Optional.of("b"), b().name("a").name("b").build().name());
        assertEquals(Map.of("A", "2"), b().env("A=1").env("A=2").build().env());
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "0"})
    void numericNamesAreRejected(String name) {
        assertRejected(ErrorCode.INVALID_NAME, () -> b().name(name), "'" + name + "'", "cannot be numeric");
    }

    @Test
    void nameAndHostnameSyntax() {
        assertRejected(ErrorCode.INVALID_NAME, () -> b().name("a.b"), "'a.b'", "cannot contain dot");
        assertRejected(ErrorCode.INVALID_NAME, () -> b().name("a:b"), "'a:b'");
        assertRejected(ErrorCode.INVALID_NAME, () -> b().name(""), "''");
        assertRejected(ErrorCode.INVALID_NAME, () -> b().name("x".repeat(64)), "1-63");
        assertRejected(ErrorCode.INVALID_NAME, () -> b().hostname("bad_host"), "'bad_host'");
        assertRejected(ErrorCode.INVALID_NAME, () -> b().hostname("-a.org"), "'-a.org'");
        assertEquals("7web", b().name("7web").build().name().orElseThrow());
    }

    @Test
    void settersRejectAtOnce() {
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().childrenMax(-1), "--max.children -1");
        assertRejected(ErrorCode.INVALID_NAME, () -> b().tap("1X"), "'1X'");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().user("a b"), "'a b'");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().workDir("rel"), "'rel'");
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> b().env("NOVALUE"), "'NOVALUE'");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().limit("pcpu=10").limit("pcpu=20"), "duplicate");
        assertRejected(ErrorCode.INVALID_NAME, () -> b().netGroup("1x"), "'1x'");
    }

    @Test
    void noLo0NeedsVnet() {
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().noLo0(true).build(), "--no-lo0 needs --vnet");
        assertFalse(b().vnet(true).noLo0(true).build().hasImplicitLoopback());
    }

    @Test
    void netGroupsMustNameRequestedNetworks() {
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().network("lan").netGroup("dmz").build(),
                "cannot add container to netgroup dmz as network dmz does not exist");
        assertEquals(List.of("lan"), b().network("lan").netGroup("lan").build().netGroups());
    }

    @Test
    void networksAndAddresses() {
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().network("lan").network("lan|10.0.0.2").build(),
                "network 'lan' is requested twice");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().mainAddress("network/dmz").network("lan").build(),
                "network/dmz");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().mainAddress("ipaddr/10.0.0.2").build(),
                "ipaddr/10.0.0.2", "has none");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().publish("80:80").build(),
                "-p 80:80 needs a container address");
        assertRejected(ErrorCode.INVALID_ARGUMENT,
                () -> b().network("lan").publish("8000-8010:80").publish("8005:81").build(),
                "8000-8010:80", "8005:81");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().ip("igb0").build(), "--ip igb0 has no address");
        assertEquals(1, b().vnet(true).ip("igb0").build().ipAssignments().size());
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().vnet(true).ip("igb0").ip("igb0|10.0.0.1").build(),
                "interface igb0 is given twice");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().vnet(true).ip("lo0|127.0.0.2").build(),
                "implicit lo0");
        assertEquals(1, b().vnet(true).noLo0(true).ip("lo0|127.0.0.2").build().ipAssignments().size());
    }

    @Test
    void uniquenessRules() {
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().volume("/a:/data").volume("v:/data").build(),
                "two volumes are mounted on '/data'");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().dataset("tank/a").dataset("X:tank/a").build(),
                "dataset tank/a is given twice");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().jailParam("securelevel=1").jailParam("securelevel=2")
                .build(), "jail parameter securelevel is given twice");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().env("TAP=x").tap("TAP").build(),
                "environment variable TAP is set by both -e and --tap");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().tun("T").dataset("T:tank/a").build(),
                "environment variable T is set by both --tun and -z");
    }

    @Test
    void terminalRules() {
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().detach(true).interactive(true).build(),
                "--interactive with --detach");
        assertTrue(b().detach(true).interactive(true).tty(true).build().detach());
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> b().createOnly(true).interactive(true).build(),
                "makes no sense for create");
    }

    @Test
    void everyBrokenRuleIsReportedAtOnce() {
        XcException e = assertRejected(ErrorCode.INVALID_ARGUMENT,
                () -> b().noLo0(true).netGroup("dmz").publish("80:80").build(), "3 problems");
        assertEquals(3, e.problems().size());
        assertTrue(e.getMessage().contains("--no-lo0") && e.getMessage().contains("dmz")
                && e.getMessage().contains("-p 80:80"));
    }

    @Test
    void canonicalConstructorAppliesTheSameRules() {
        RunRequest ok = b().network("lan").build();
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> new RunRequest(ok.image(), ok.name(), ok.hostname(),
                ok.entryPoint(), ok.args(), ok.env(), ok.volumes(), List.of(NetworkRequest.any("lan")),
                ok.ipAssignments(), ok.publish(), false, true, ok.dns(), ok.datasets(), ok.jailParams(), ok.usdt(),
                ok.mainAddress(), ok.taps(), ok.tuns(), ok.enablePf(), ok.childrenMax(), ok.copies(),
                ok.extraLayers(), ok.netGroups(), ok.noClean(), ok.persist(), ok.detach(), ok.tty(),
                ok.interactive(), ok.user(), ok.group(), ok.workDir(), ok.limits(), ok.healthCheck(), ok.restart(),
                ok.createOnly(), ok.platform(), ok.approvedDevfsRules()), "--no-lo0 needs --vnet");
    }

    @Test
    void execRequest() {
        ExecRequest e = new ExecRequest("web1", List.of("/bin/sh"), Map.of("A", "1"), Optional.of("www"),
                Optional.of("www"), Optional.of("/tmp"), true, true);
        assertEquals("web1", e.container());
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> ExecRequest.of("web1", List.of()), "needs a command");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> ExecRequest.of("", List.of("/bin/sh")), "''");
        assertRejected(ErrorCode.INVALID_NAME, () -> new ExecRequest("w", List.of("x"), Map.of("1A", "v"),
                Optional.empty(), Optional.empty(), Optional.empty(), false, false), "'1A'");
    }
}
