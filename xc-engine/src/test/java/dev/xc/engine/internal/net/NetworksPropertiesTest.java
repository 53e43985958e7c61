package dev.xc.engine.internal.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.NetworkSpec;
import dev.xc.engine.internal.state.StateStore;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Allocation never leaves the range, never hands out a reserved address or the router, never gives one twice. */
class NetworksPropertiesTest {

    private static Path dir;
    private static StateStore store;

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("xc-networks");
        store = StateStore.open(dir.resolve("s.sqlite"), Clock.systemUTC());
    }

    @AfterContainer
    static void close() throws IOException {
        store.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 1000)
    void allocationStaysInsideTheRangeAndNeverRepeats(@ForAll @IntRange(min = 26, max = 30) int prefix,
                                                      @ForAll @IntRange(min = 0, max = 70) int count,
                                                      @ForAll @IntRange(min = 0, max = 6) int releaseEvery) {
        Networks n = new Networks(store);
        Cidr subnet = Cidr.parse("192.168.7.0/" + prefix);
        NetworkSpec spec = new NetworkSpec("p", subnet, Optional.empty(), Optional.empty(),
                Optional.of(subnet.addressAt(BigInteger.ONE)), Optional.empty(), Optional.empty());
        n.create(spec);
        try {
            Set<InetAddress> held = new HashSet<>();
            for (int i = 0; i < count; i++) {
                Cidr c;
                try {
                    c = n.allocate("p", "c" + i, Optional.empty());
                } catch (XcException e) {
                    assertEquals(ErrorCode.ADDRESS_POOL_EXHAUSTED, e.code());
                    assertEquals(subnet.size().intValue() - 3, held.size(), "exhausted too early");
                    break;
                }
                assertTrue(subnet.contains(c.address()));
                assertFalse(spec.isReserved(c.address()));
                assertFalse(c.address().equals(spec.defaultRouter().orElseThrow()));
                assertTrue(held.add(c.address()), "handed out twice: " + c);
                if (releaseEvery > 0 && i % releaseEvery == 0) {
                    n.release("c" + i);
                    held.remove(c.address());
                }
            }
        } finally {
            for (int i = 0; i < count; i++) {
                n.release("c" + i);
            }
            n.remove("p");
        }
    }

    /**
     * With a start..end range, IPv4 or IPv6, and explicit requests mixed in: what is handed out lies in the range and
     * the subnet, is not reserved or the router, is never held twice; an explicit request is refused exactly when it
     * is outside the range, reserved, the router (INVALID_ARGUMENT) or held (ADDRESS_IN_USE).
     */
    @Property(tries = 1000)
    void rangesExplicitRequestsAndIpv6KeepTheRules(@ForAll boolean v6,
                                                   @ForAll @IntRange(min = 2, max = 6) int hostBits,
                                                   @ForAll @IntRange(min = 0, max = 63) int startSeed,
                                                   @ForAll @IntRange(min = 0, max = 63) int endSeed,
                                                   @ForAll @IntRange(min = 0, max = 63) int routerSeed,
                                                   @ForAll("requests") java.util.List<Integer> requests) {
        Networks n = new Networks(store);
        Cidr subnet = Cidr.parse(v6 ? "fd00:7::/" + (128 - hostBits) : "192.168.8.0/" + (32 - hostBits));
        int size = 1 << hostBits;
        int a = startSeed % size;
        int b = endSeed % size;
        InetAddress start = subnet.addressAt(BigInteger.valueOf(Math.min(a, b)));
        InetAddress end = subnet.addressAt(BigInteger.valueOf(Math.max(a, b)));
        InetAddress router = subnet.addressAt(BigInteger.valueOf(routerSeed % size));
        NetworkSpec spec = new NetworkSpec("r", subnet, Optional.empty(), Optional.empty(), Optional.of(router),
                Optional.of(start), Optional.of(end));
        n.create(spec);
        try {
            Set<InetAddress> held = new HashSet<>();
            for (int i = 0; i < requests.size(); i++) {
                int r = requests.get(i);
                Optional<InetAddress> explicit = r < 0 ? Optional.empty()
                        : Optional.of(subnet.addressAt(BigInteger.valueOf(r % size)));
                boolean outside = explicit.isPresent() && (Cidr.compare(explicit.get(), start) < 0
                        || Cidr.compare(explicit.get(), end) > 0);
                boolean reserved = explicit.isPresent() && (spec.isReserved(explicit.get())
                        || explicit.get().equals(router));
                Cidr c;
                try {
                    c = n.allocate("r", "c" + i, explicit);
                } catch (XcException e) {
                    if (explicit.isEmpty()) {
                        assertEquals(ErrorCode.ADDRESS_POOL_EXHAUSTED, e.code());
                        continue;
                    }
                    assertEquals(outside || reserved ? ErrorCode.INVALID_ARGUMENT : ErrorCode.ADDRESS_IN_USE, e.code(),
                            e.getMessage());
                    assertTrue(outside || reserved || held.contains(explicit.get()), e.getMessage());
                    continue;
                }
                assertFalse(outside || reserved, "accepted " + c);
                explicit.ifPresent(x -> assertEquals(x, c.address()));
                assertEquals(subnet.prefix(), c.prefix());
                assertTrue(subnet.contains(c.address()), c::toString);
                assertTrue(Cidr.compare(c.address(), start) >= 0 && Cidr.compare(c.address(), end) <= 0, c::toString);
                assertFalse(spec.isReserved(c.address()), c::toString);
                assertFalse(c.address().equals(router), c::toString);
                assertTrue(held.add(c.address()), "handed out twice: " + c);
            }
        } finally {
            for (int i = 0; i < requests.size(); i++) {
                n.release("c" + i);
            }
            n.remove("r");
        }
    }

    /** Allocation requests: a negative number asks for the next free address, others name an offset. */
    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<java.util.List<Integer>> requests() {
        return net.jqwik.api.Arbitraries.integers().between(-40, 63).list().ofMaxSize(40);
    }
}
