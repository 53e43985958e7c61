package dev.xc.net.pf.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.PortPublish;
import dev.xc.api.net.PortRedirect;
import dev.xc.api.net.Protocol;
import dev.xc.api.spi.Command;
import dev.xc.testkit.SimulatedHost.Outcome;
import dev.xc.testkit.pf.SimulatedPfctl;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every redirect pf can express renders into rules the simulated pfctl loads, always the same text. */
class RdrRendererProperties {

    private static final RdrRenderer RENDERER = new RdrRenderer(List.of("em0", "igb1"), false);

    @Property(tries = 1000)
    void everyValidSetLoadsIntoTheSimulatedPfctlWithTheExpectedNumberOfRules(
            @ForAll("redirectSets") List<PortRedirect> redirects) {
        String text = RENDERER.anchorText(redirects);
        SimulatedPfctl pf = SimulatedPfctl.enabled();
        Outcome o = pf.run(Command.of("/sbin/pfctl", "-a", "xc-rdr", "-f", "-").withStdin(text));
        assertEquals(0, o.exitCode(), () -> o.stderr() + "\n" + text);
        // pf expands each rule's lists: interfaces x protocols x host addresses
        Set<String> distinctLines = new HashSet<>(text.lines().toList());
        int expected = 0;
        Set<String> seen = new HashSet<>();
        for (PortRedirect r : redirects) {
            String line = RENDERER.rules(List.of(r)).getFirst();
            if (!seen.add(line)) {
                continue;
            }
            List<String> named = !r.interfaces().isEmpty() ? r.interfaces() : r.publish().interfaces();
            int ifs = named.isEmpty() ? 2 : new HashSet<>(named).size();
            int hosts = Math.max(1, new HashSet<>(r.publish().hostAddresses()).size());
            expected += ifs * r.publish().protocols().size() * hosts;
        }
        assertEquals(distinctLines.size(), seen.size());
        assertEquals(expected, pf.anchorRules("xc-rdr").size(), text);
    }

    @Property(tries = 1000)
    void renderingIsDeterministicWhateverTheOrder(@ForAll("redirectSets") List<PortRedirect> redirects,
                                                  @ForAll long seed) {
        List<PortRedirect> shuffled = new ArrayList<>(redirects);
        Collections.shuffle(shuffled, new Random(seed));
        assertEquals(RENDERER.anchorText(redirects), RENDERER.anchorText(shuffled));
        assertEquals(RENDERER.anchorText(redirects), new RdrRenderer(List.of("em0", "igb1"), false)
                .anchorText(redirects));
    }

    @Property(tries = 1000)
    void aHostAddressOfTheOtherFamilyIsRefused(@ForAll("redirects") PortRedirect r) {
        boolean v6 = r.destination().contains(":");
        InetAddress other = InetAddress.ofLiteral(v6 ? "192.0.2.1" : "2001:db8::1");
        List<InetAddress> hosts = new ArrayList<>(r.publish().hostAddresses());
        hosts.add(other);
        PortPublish p = r.publish();
        PortRedirect mixed = new PortRedirect(r.container(), new PortPublish(p.interfaces(), hosts, p.hostPort(),
                p.hostPortEnd(), p.containerPort(), p.protocols()), r.destination(), r.interfaces());
        XcException e = assertThrows(XcException.class, () -> RENDERER.rules(List.of(mixed)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("host address " + (v6 ? "192.0.2.1" : "2001:db8::1")), e.getMessage());
    }

    @Provide
    Arbitrary<List<PortRedirect>> redirectSets() {
        return redirects().list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<PortRedirect> redirects() {
        Arbitrary<Boolean> v6 = Arbitraries.of(false, true);
        return v6.flatMap(six -> {
            Arbitrary<String> dest = six
                    ? Arbitraries.integers().between(1, 0xffff).map(n -> "2001:db8::" + Integer.toHexString(n))
                    : Arbitraries.integers().between(1, 254).map(n -> "10.0.0." + n);
            Arbitrary<InetAddress> host = six
                    ? Arbitraries.integers().between(0, 0xffff).map(n -> InetAddress.ofLiteral("dead:beef::"
                            + Integer.toHexString(n)))
                    : Arbitraries.integers().between(1, 254).map(n -> InetAddress.ofLiteral("192.168.1." + n));
            Arbitrary<List<InetAddress>> hosts = host.list().ofMaxSize(3);
            Arbitrary<List<String>> ifaces = Arbitraries.of("em0", "igb0", "ixl3", "vtnet0", "bridge0")
                    .list().ofMaxSize(3);
            Arbitrary<Set<Protocol>> protos = Arbitraries.of(
                    Set.of(Protocol.TCP), Set.of(Protocol.UDP), EnumSet.allOf(Protocol.class));
            Arbitrary<int[]> ports = Combinators.combine(
                    Arbitraries.integers().between(1, 65535),
                    Arbitraries.integers().between(0, 2000).edgeCases(c -> c.add(0)),
                    Arbitraries.integers().between(1, 65535)).as((start, span, to) -> {
                        int end = Math.min(65535, start + span);
                        int cport = Math.min(to, 65535 - (end - start));
                        return new int[] {start, end, cport};
                    });
            Arbitrary<String> container = Arbitraries.strings().withCharRange('a', 'f').ofMinLength(1).ofMaxLength(4);
            return Combinators.combine(container, dest, hosts, ifaces, protos, ports, Arbitraries.of(false, true))
                    .as((c, d, h, i, pr, pt, onRedirect) -> new PortRedirect(c,
                            new PortPublish(onRedirect ? List.of() : i, h, pt[0], pt[1], pt[2], pr), d,
                            onRedirect ? i : List.of()));
        });
    }
}
