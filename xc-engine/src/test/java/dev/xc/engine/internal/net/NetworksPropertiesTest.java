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
}
