package dev.xc.engine.internal.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.RunRequest;
import dev.xc.api.container.StopOptions;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.EntryPoint;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.JailConfig;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.net.NetworkSpec;
import dev.xc.api.net.PortPublish;
import dev.xc.api.net.PortRedirect;
import dev.xc.api.spi.Command;
import dev.xc.engine.internal.XcEngine;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.devfs.SimulatedDevfs;
import dev.xc.testkit.kernel.Interfaces;
import dev.xc.testkit.pf.SimulatedPfctl;
import dev.xc.testkit.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A non-VNET and a VNET container on one network, each with a published port, against the simulated host with pf:
 * the exact commands, the pf table, the {@code xc-rdr} anchor, the interfaces and the bridge; then teardown leaves
 * none of it.
 */
class NetworkScenarioTest {

    @TempDir
    static Path shared;
    static RegistryServer registry;
    static ImageReference image;

    @TempDir
    Path tmp;
    SimulatedHost host;
    SimulatedPfctl pf;
    XcEngine engine;

    @BeforeAll
    static void pushImage() throws IOException {
        assumeTrue(ContainerFixture.available(), "docker-registry, bwrap and busybox are needed");
        registry = RegistryServer.builder().anonymous().start();
        JailConfig config = JailConfig.builder()
                .entryPoint("main", EntryPoint.of("/bin/sh", List.of("-c")).withDefaultArgs(List.of("sleep 30")))
                .build();
        image = ContainerFixture.push(registry, "xc/net", config, ContainerFixture.busyboxTree(shared.resolve("t")));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void engine() {
        pf = SimulatedPfctl.enabled();
        host = SimulatedHost.builder().tool("devfs", SimulatedDevfs.withDefaultRulesets()).tool("pfctl", pf).build();
        run("ifconfig", "bridge0", "create");
        run("ifconfig", "bridge0", "inet", "10.9.0.1/24", "up");
        engine = ContainerFixture.engineWithImage(tmp.resolve("state"), host, image);
        engine.createNetwork(new NetworkSpec("lab", Cidr.parse("10.9.0.0/24"), Optional.of("bridge0"),
                Optional.of("bridge0"), Optional.of(IpLiteral.parse("10.9.0.1")), Optional.empty(), Optional.empty()));
    }

    @AfterEach
    void close() {
        if (engine != null) {
            for (ContainerInfo c : engine.containers()) {
                engine.removeContainer(c.id(), true);
            }
            engine.close();
        }
    }

    static final String PLAIN_RULE = "rdr on em0 inet proto tcp from any to any port 8081 -> 10.9.0.2 port 81";
    static final String BOXED_RULE = "rdr on em0 inet proto tcp from any to any port 8080 -> 10.9.0.3 port 80";

    /** The anchor text: the renderer sorts by container id, and the ids are random. */
    private static String anchor(String id1, List<String> rules1, String id2, List<String> rules2) {
        java.util.TreeMap<String, List<String>> byId = new java.util.TreeMap<>(java.util.Map.of(id1, rules1, id2,
                rules2));
        return byId.values().stream().flatMap(List::stream).map(r -> r + "\\n").collect(
                java.util.stream.Collectors.joining());
    }

    /** The anchor's rules as {@code pfctl -s nat} shows them ({@code port = N}). */
    private static List<String> shown(String anchorText) {
        return java.util.Arrays.stream(anchorText.split("\\\\n")).map(r -> r.replaceFirst("to any port (\\d+) ->",
                "to any port = $1 ->")).toList();
    }

    private void run(String... argv) {
        host.commands().run(Command.of(argv)).orThrow();
    }

    /** The network commands (ifconfig, route, pfctl) from journal index {@code from} on, as shell lines. */
    private List<String> netCommands(int from) {
        return host.journal().subList(from, host.journal().size()).stream()
                .filter(c -> Set.of("ifconfig", "route", "pfctl")
                        .contains(Path.of(c.program()).getFileName().toString()))
                .map(c -> c.display() + (c.stdin().length == 0 ? ""
                        : " <<< " + new String(c.stdin(), StandardCharsets.UTF_8).replace("\n", "\\n")))
                .toList();
    }

    private Interfaces ifs() {
        return host.simulatedKernel().interfaces();
    }

    @Test
    void aPlainAndAVnetContainerOnOneNetworkWithPublishedPorts() {
        int mark = host.journal().size();
        ContainerInfo plain = engine.run(RunRequest.builder(image).name("plain").network("lab")
                .publish("8081:81/tcp").build(), EventListener.NONE);
        List<String> plainCommands = netCommands(mark);
        mark = host.journal().size();
        ContainerInfo boxed = engine.run(RunRequest.builder(image).name("boxed").vnet(true).network("lab")
                .publish("8080:80/tcp").build(), EventListener.NONE);
        List<String> boxedCommands = netCommands(mark);
        assertEquals(List.of(
                "ifconfig -l",
                "ifconfig bridge0 inet 10.9.0.2/32 alias",
                "/sbin/pfctl -s Running",
                "/sbin/pfctl -t xc:network:lab -T add 10.9.0.2",
                "/sbin/pfctl -s Running",
                "/sbin/pfctl -a xc-rdr -f - <<< " + PLAIN_RULE + "\\n"), plainCommands);
        assertEquals(List.of(
                "ifconfig -l",
                "ifconfig epair create",
                "ifconfig epair0a up",
                "ifconfig bridge0 addm epair0a",
                "ifconfig epair0b vnet boxed",
                "ifconfig -j boxed epair0b inet 10.9.0.3/24 up",
                "ifconfig -j boxed lo0 inet 127.0.0.1/8 up",
                "route -j boxed add default 10.9.0.1",
                "/sbin/pfctl -s Running",
                "/sbin/pfctl -t xc:network:lab -T add 10.9.0.3",
                "/sbin/pfctl -s Running",
                "/sbin/pfctl -a xc-rdr -f - <<< " + anchor(plain.id(), List.of(PLAIN_RULE), boxed.id(),
                        List.of(BOXED_RULE))), boxedCommands);

        // the host while both run
        assertEquals("10.9.0.2/24", plain.mainAddress().orElseThrow().address().toString());
        assertEquals("10.9.0.3/24", boxed.mainAddress().orElseThrow().address().toString());
        assertEquals(List.of("10.9.0.2", "10.9.0.3"), pf.table("xc:network:lab"));
        assertEquals(shown(anchor(plain.id(), List.of(PLAIN_RULE), boxed.id(), List.of(BOXED_RULE))),
                pf.anchorRules("xc-rdr"));
        assertEquals(List.of("10.9.0.1/24", "10.9.0.2/32"), ifs().get(0, "bridge0").orElseThrow().addresses());
        assertEquals(Set.of("epair0a"), ifs().get(0, "bridge0").orElseThrow().members());
        assertTrue(ifs().get(0, "epair0a").orElseThrow().up());
        assertTrue(ifs().get(0, "epair0b").isEmpty(), "the b side left the host");
        int jid = boxed.jid().orElseThrow();
        assertTrue(host.simulatedKernel().jail("boxed").orElseThrow().vnet());
        assertEquals(List.of("10.9.0.3/24"), ifs().get(jid, "epair0b").orElseThrow().addresses());
        assertTrue(ifs().get(jid, "epair0b").orElseThrow().up());
        assertEquals(List.of("127.0.0.1/8"), ifs().get(jid, "lo0").orElseThrow().addresses());
        assertEquals(Optional.of("10.9.0.1"), ifs().defaultRoute(jid));
        assertEquals(List.of(IpLiteral.parse("10.9.0.2")), host.simulatedKernel().jail("plain").orElseThrow()
                .addresses());
        assertTrue(engine.containerService().journal(boxed.id()).containsAll(List.of("epair:done", "bridge:done",
                "vnet-move:done", "vnet-address:done", "vnet-lo0:done", "route:done")),
                engine.containerService().journal(boxed.id())::toString);

        // teardown, VNET first
        mark = host.journal().size();
        engine.kill("boxed", StopOptions.kill());
        engine.kill("plain", StopOptions.kill());
        assertEquals(List.of(
                "/sbin/pfctl -s Running",
                "/sbin/pfctl -a xc-rdr -f - <<< " + PLAIN_RULE + "\\n",
                "/sbin/pfctl -t xc:network:lab -T delete 10.9.0.3",
                "ifconfig bridge0 deletem epair0a",
                "ifconfig epair0a destroy",
                "/sbin/pfctl -a xc-rdr -f -",
                "/sbin/pfctl -t xc:network:lab -T delete 10.9.0.2",
                "ifconfig bridge0 inet 10.9.0.2/32 -alias"), netCommands(mark));
        assertEquals(List.of(), pf.table("xc:network:lab"), "the table is empty");
        assertEquals(List.of(), pf.anchorRules("xc-rdr"), "the anchor is empty");
        assertEquals(List.of("10.9.0.1/24"), ifs().get(0, "bridge0").orElseThrow().addresses(), "aliases removed");
        assertEquals(Set.of(), ifs().get(0, "bridge0").orElseThrow().members());
        assertEquals(List.of("bridge0", "em0", "lo0"), ifs().list().stream().map(Interfaces.Interface::name).toList(),
                "both epair ends are destroyed and the jail's lo0 went with its vnet");
        assertTrue(host.simulatedKernel().jails().isEmpty());
        assertEquals(0, engine.inspectNetwork("lab").allocated());
    }

    @Test
    void aFailureAtEachVnetStepLeavesNothingBehind() {
        for (String step : List.of("epair", "bridge", "vnet-move", "vnet-address", "vnet-lo0", "route", "pf-table",
                "rdr")) {
            engine.containerService().beforeStep = s -> {
                if (s.equals(step)) {
                    throw new IllegalStateException("injected failure at " + s);
                }
            };
            RuntimeException e = assertThrows(RuntimeException.class, () -> engine.run(RunRequest.builder(image)
                    .name("f").vnet(true).network("lab").publish("8080:80").build(), EventListener.NONE), step);
            assertEquals("injected failure at " + step, e.getMessage());
            assertEquals(List.of(), engine.containers(), step);
            assertTrue(host.simulatedKernel().jails().isEmpty(), step);
            assertEquals(List.of("bridge0", "em0", "lo0"), ifs().list().stream().map(Interfaces.Interface::name)
                    .toList(), step);
            assertEquals(Set.of(), ifs().get(0, "bridge0").orElseThrow().members(), step);
            assertEquals(List.of(), pf.table("xc:network:lab"), step);
            assertEquals(List.of(), pf.anchorRules("xc-rdr"), step);
            assertEquals(0, engine.inspectNetwork("lab").allocated(), step);
            assertEquals(0, engine.containerService().store().pendingEntries(), step);
        }
    }

    @Test
    void rdrAddListAndRemoveReloadTheAnchor() {
        ContainerInfo plain = engine.run(RunRequest.builder(image).name("plain").network("lab").publish("8081:81/tcp")
                .build(), EventListener.NONE);
        ContainerInfo boxed = engine.run(RunRequest.builder(image).name("boxed").vnet(true).network("lab").build(),
                EventListener.NONE);
        assertEquals(List.of(), engine.redirects(Optional.of("boxed")));

        int mark = host.journal().size();
        List<PortRedirect> added = engine.addRedirects("boxed", List.of(PortPublish.parse("8080:80/tcp"),
                PortPublish.parse("em0|5353:53/udp")));
        assertEquals(List.of(new PortRedirect(boxed.id(), PortPublish.parse("8080:80/tcp"), "10.9.0.3",
                List.of("em0")), new PortRedirect(boxed.id(), PortPublish.parse("em0|5353:53/udp"), "10.9.0.3",
                List.of("em0"))), added);
        assertEquals(List.of("/sbin/pfctl -s Running", "/sbin/pfctl -a xc-rdr -f - <<< " + anchor(plain.id(),
                List.of(PLAIN_RULE), boxed.id(), List.of("rdr on em0 inet proto udp from any to any port 5353 -> "
                        + "10.9.0.3 port 53", BOXED_RULE))), netCommands(mark));
        assertEquals(3, pf.anchorRules("xc-rdr").size());
        assertEquals(added, engine.redirects(Optional.of("boxed")));
        assertEquals(3, engine.redirects(Optional.empty()).size());
        assertEquals(List.of(plain.id(), boxed.id(), boxed.id()), engine.redirects(Optional.empty()).stream()
                .map(PortRedirect::container).sorted(java.util.Comparator.comparing(id -> id.equals(plain.id())
                        ? 0 : 1)).toList());
        assertEquals(List.of("8080:80/tcp", "em0|5353:53/udp"), engine.inspectContainer("boxed").published().stream()
                .map(PortPublish::toString).toList());

        XcException busy = assertThrows(XcException.class, () -> engine.addRedirects("boxed",
                List.of(PortPublish.parse("8081:90"))));
        assertEquals(ErrorCode.PORT_IN_USE, busy.code());
        assertEquals("port 8081:90 is already published by container plain (8081:81/tcp)", busy.getMessage());
        XcException missing = assertThrows(XcException.class, () -> engine.removeRedirects("boxed",
                List.of(PortPublish.parse("9999:99"))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, missing.code());
        assertEquals("container boxed does not publish 9999:99 (it publishes 8080:80/tcp, em0|5353:53/udp)",
                missing.getMessage());
        assertEquals(3, pf.anchorRules("xc-rdr").size(), "a refused change loads nothing");

        engine.removeRedirects("boxed", List.of(PortPublish.parse("em0|5353:53/udp")));
        assertEquals(shown(anchor(plain.id(), List.of(PLAIN_RULE), boxed.id(), List.of(BOXED_RULE))),
                pf.anchorRules("xc-rdr"));

        // ports added after the run are withdrawn by the teardown too
        engine.kill("boxed", StopOptions.kill());
        assertEquals(List.of("rdr on em0 inet proto tcp from any to any port = 8081 -> 10.9.0.2 port 81"),
                pf.anchorRules("xc-rdr"));
        XcException stopped = assertThrows(XcException.class, () -> engine.addRedirects("boxed",
                List.of(PortPublish.parse("8080:80"))));
        assertEquals(ErrorCode.RESOURCE_BUSY, stopped.code());
        assertEquals("cannot publish ports of container boxed: it is exited", stopped.getMessage());
    }

    @Test
    void anIpv6VnetContainerEnablesInet6AndRoutesWithMinus6() {
        engine.createNetwork(new NetworkSpec("lab6", Cidr.parse("fd00:9::/64"), Optional.empty(),
                Optional.of("bridge0"), Optional.of(IpLiteral.parse("fd00:9::1")), Optional.empty(), Optional.empty()));
        int mark = host.journal().size();
        ContainerInfo c = engine.run(RunRequest.builder(image).name("six").vnet(true).network("lab6").build(),
                EventListener.NONE);
        assertEquals(List.of(
                "ifconfig -l",
                "ifconfig epair create",
                "ifconfig epair0a up",
                "ifconfig bridge0 addm epair0a",
                "ifconfig epair0b vnet six",
                "ifconfig -j six epair0b inet6 -ifdisabled",
                "ifconfig -j six epair0b inet6 fd00:9::2/64 up",
                "ifconfig -j six lo0 inet 127.0.0.1/8 up",
                "route -j six -6 add default fd00:9::1",
                "/sbin/pfctl -s Running",
                "/sbin/pfctl -t xc:network:lab6 -T add fd00:9::2"), netCommands(mark));
        int jid = c.jid().orElseThrow();
        assertEquals(List.of("fd00:9:0:0:0:0:0:2/64"), ifs().get(jid, "epair0b").orElseThrow().addresses());
        assertEquals(Optional.of("fd00:9::1"), ifs().defaultRoute(jid));
        engine.kill("six", StopOptions.kill());
        assertEquals(List.of("bridge0", "em0", "lo0"), ifs().list().stream().map(Interfaces.Interface::name).toList());
        assertEquals(List.of(), pf.table("xc:network:lab6"));
    }

    @Test
    void theDryRunDescribesTheVnetSteps() {
        var steps = engine.plan(RunRequest.builder(image).name("p").vnet(true).network("lab").build()).steps();
        assertEquals(List.of("create an epair, add its a side to bridge0 and move its b side into the jail with "
                        + "(next free in lab)", "bring up lo0 in the jail",
                        "route by default through 10.9.0.1 (the router of network lab)"),
                steps.stream().filter(st -> st.kind().equals("vnet") || st.kind().equals("route"))
                        .map(dev.xc.api.container.PlanStep::description).toList());
    }

    // ------------------------------------------------------------------ --ip for VNET: a host interface moves in

    @Test
    void anUnmanagedInterfaceMovesIntoAVnetJailAndIsGivenBackAtTeardown() {
        ifs().add(0, "em1", true);
        int mark = host.journal().size();
        ContainerInfo c = engine.run(RunRequest.builder(image).name("boxed").vnet(true).network("lab")
                .ip("em1|192.0.2.7/24,192.0.2.8/24").build(), EventListener.NONE);
        assertEquals(List.of(
                "ifconfig -l",
                "ifconfig epair create",
                "ifconfig epair0a up",
                "ifconfig bridge0 addm epair0a",
                "ifconfig epair0b vnet boxed",
                "ifconfig -j boxed epair0b inet 10.9.0.2/24 up",
                "ifconfig em1 vnet boxed",
                "ifconfig -j boxed em1 inet 192.0.2.7/24 up",
                "ifconfig -j boxed em1 inet 192.0.2.8/24 alias",
                "ifconfig -j boxed lo0 inet 127.0.0.1/8 up",
                "route -j boxed add default 10.9.0.1",
                "/sbin/pfctl -s Running",
                "/sbin/pfctl -t xc:network:lab -T add 10.9.0.2"), netCommands(mark));
        int jid = c.jid().orElseThrow();
        assertTrue(ifs().get(0, "em1").isEmpty(), "em1 left the host");
        assertEquals(List.of("192.0.2.7/24", "192.0.2.8/24"), ifs().get(jid, "em1").orElseThrow().addresses());
        assertEquals("10.9.0.2/24", c.mainAddress().orElseThrow().address().toString());
        assertTrue(engine.containerService().journal(c.id()).containsAll(List.of("vnet-ip-move:done",
                "vnet-ip-address:done")), engine.containerService().journal(c.id())::toString);

        mark = host.journal().size();
        engine.kill("boxed", StopOptions.kill());
        assertEquals(List.of(
                "/sbin/pfctl -t xc:network:lab -T delete 10.9.0.2",
                "ifconfig em1 -vnet boxed",
                "ifconfig bridge0 deletem epair0a",
                "ifconfig epair0a destroy"), netCommands(mark));
        assertEquals(List.of(), ifs().get(0, "em1").orElseThrow().addresses(), "em1 is back, without the addresses");
        assertEquals(List.of("bridge0", "em0", "em1", "lo0"), ifs().list().stream()
                .map(Interfaces.Interface::name).toList());
    }

    @Test
    void aFailureAtEachInterfaceMoveStepGivesTheInterfaceBack() {
        ifs().add(0, "em1", true);
        for (String step : List.of("vnet-ip-move", "vnet-ip-address", "vnet-lo0")) {
            engine.containerService().beforeStep = s -> {
                if (s.equals(step)) {
                    throw new IllegalStateException("injected failure at " + s);
                }
            };
            RuntimeException e = assertThrows(RuntimeException.class, () -> engine.run(RunRequest.builder(image)
                    .name("f").vnet(true).ip("em1|192.0.2.7/24").build(), EventListener.NONE), step);
            assertEquals("injected failure at " + step, e.getMessage());
            assertEquals(List.of(), engine.containers(), step);
            assertTrue(host.simulatedKernel().jails().isEmpty(), step);
            assertEquals(List.of("bridge0", "em0", "em1", "lo0"), ifs().list().stream()
                    .map(Interfaces.Interface::name).toList(), step);
            assertEquals(0, engine.containerService().store().pendingEntries(), step);
        }
    }

    @Test
    void theDryRunDescribesTheMoveAndTheChecksRefuseABridge() {
        var plan = engine.plan(RunRequest.builder(image).name("p").vnet(true).ip("em0|192.0.2.7").build());
        assertEquals(List.of(), plan.problems());
        assertEquals(List.of("move host interface em0 into the jail with 192.0.2.7/32 (given back at teardown)",
                "bring up lo0 in the jail"), plan.steps().stream().filter(st -> st.kind().equals("vnet"))
                .map(dev.xc.api.container.PlanStep::description).toList());
        var refused = engine.plan(RunRequest.builder(image).vnet(true).network("lab").ip("bridge0|192.0.2.7")
                .build()).problems();
        assertEquals(List.of("--ip bridge0|192.0.2.7/32: interface bridge0 is the bridge of network lab and cannot "
                + "move into the jail"), refused.stream().map(dev.xc.api.Problem::message).toList());
        var missing = engine.plan(RunRequest.builder(image).vnet(true).ip("em7|192.0.2.7").build()).problems();
        assertEquals(List.of("missing network interface em7"), missing.stream().map(dev.xc.api.Problem::message)
                .toList());
    }

    // ------------------------------------------------------------------ netgroups

    private String hostsOf(String container) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code = engine.exec(dev.xc.api.container.ExecRequest.of(container, List.of("/bin/cat", "/etc/hosts")),
                java.io.InputStream.nullInputStream(), out, java.io.OutputStream.nullOutputStream());
        assertEquals(0, code, "cat /etc/hosts in " + container);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String hosts(String... members) {
        StringBuilder sb = new StringBuilder("::1 localhost\n127.0.0.1 localhost\n");
        for (String m : members) {
            sb.append(m).append('\n');
        }
        return sb.toString();
    }

    @Test
    void membersOfANetgroupSeeEachOtherInEtcHosts() {
        engine.run(RunRequest.builder(image).name("web").network("lab").netGroup("lab").build(), EventListener.NONE);
        assertEquals(hosts("10.9.0.2 web"), hostsOf("web"));
        ContainerInfo db = engine.run(RunRequest.builder(image).name("db").vnet(true).network("lab").netGroup("lab")
                .build(), EventListener.NONE);
        assertEquals(hosts("10.9.0.2 web", "10.9.0.3 db"), hostsOf("web"), "read from inside the jail");
        assertEquals(hosts("10.9.0.2 web", "10.9.0.3 db"), hostsOf("db"));

        // a tag without commit records the member and changes no file
        ContainerInfo cache = engine.run(RunRequest.builder(image).name("cache").network("lab").build(),
                EventListener.NONE);
        String ownHosts = hostsOf("cache");
        assertEquals("127.0.0.1\tlocalhost\n::1\tlocalhost\n10.9.0.4\tcache\n", ownHosts);
        engine.tagNetwork("lab", "cache", false);
        assertEquals(List.of(engine.inspectContainer("web").id(), db.id(), cache.id()),
                engine.containerService().netgroups().members("lab"));
        assertEquals(ownHosts, hostsOf("cache"));
        assertEquals(hosts("10.9.0.2 web", "10.9.0.3 db"), hostsOf("web"));
        // the commit rewrites every member's file
        engine.tagNetwork("lab", cache.id(), true);
        String all = hosts("10.9.0.2 web", "10.9.0.3 db", "10.9.0.4 cache");
        assertEquals(all, hostsOf("web"));
        assertEquals(all, hostsOf("db"));
        assertEquals(all, hostsOf("cache"));

        // a member's teardown removes its line from the others' files
        engine.kill("db", StopOptions.kill());
        assertEquals(hosts("10.9.0.2 web", "10.9.0.4 cache"), hostsOf("web"));
        assertEquals(hosts("10.9.0.2 web", "10.9.0.4 cache"), hostsOf("cache"));
        assertEquals(List.of(engine.inspectContainer("web").id(), cache.id()),
                engine.containerService().netgroups().members("lab"));

        XcException stopped = assertThrows(XcException.class, () -> engine.tagNetwork("lab", "db", true));
        assertEquals(ErrorCode.RESOURCE_BUSY, stopped.code());
        assertEquals("cannot add container db to netgroup lab: it is exited", stopped.getMessage());
        XcException noNet = assertThrows(XcException.class, () -> engine.tagNetwork("dmz", "web", true));
        assertEquals(ErrorCode.NETWORK_NOT_FOUND, noNet.code());
        XcException noContainer = assertThrows(XcException.class, () -> engine.tagNetwork("lab", "ghost", true));
        assertEquals(ErrorCode.CONTAINER_NOT_FOUND, noContainer.code());
        engine.createNetwork(new NetworkSpec("other", Cidr.parse("10.8.0.0/24"), Optional.of("bridge0"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        XcException notOn = assertThrows(XcException.class, () -> engine.tagNetwork("other", "web", true));
        assertEquals(ErrorCode.INVALID_ARGUMENT, notOn.code());
        assertEquals("cannot add container web to netgroup other: it has no address on network other",
                notOn.getMessage());

        // removal forgets the membership with the container
        engine.removeContainer("web", true);
        assertEquals(List.of(cache.id()), engine.containerService().netgroups().members("lab"));
        assertEquals(hosts("10.9.0.4 cache"), hostsOf("cache"));
    }

    @Test
    void aNetGroupMustBeOneOfTheContainersNetworks() {
        XcException e = assertThrows(XcException.class, () -> RunRequest.builder(image).name("x").network("lab")
                .netGroup("dmz").publish("80:80").noLo0(true).build());
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.problems().stream().map(dev.xc.api.Problem::message).toList().contains(
                "cannot add container to netgroup dmz as network dmz does not exist"), e.problems()::toString);
        assertEquals(2, e.problems().size(), "reported with the other problems at once");
        assertTrue(engine.plan(RunRequest.builder(image).network("lab").netGroup("lab").build()).steps().stream()
                .anyMatch(st -> st.kind().equals("netgroup")
                        && st.description().equals("join netgroup lab and rewrite its members' /etc/hosts")));
    }
}
