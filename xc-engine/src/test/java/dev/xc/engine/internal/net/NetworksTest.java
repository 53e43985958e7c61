package dev.xc.engine.internal.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.net.NetworkInfo;
import dev.xc.api.net.NetworkSpec;
import dev.xc.engine.internal.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworksTest {

    @TempDir
    Path tmp;

    private StateStore store;
    private Networks nets;

    @BeforeEach
    void open() {
        store = StateStore.open(tmp.resolve("state.sqlite"), Clock.systemUTC());
        nets = new Networks(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static NetworkSpec spec(String name, String cidr, String router) {
        return new NetworkSpec(name, Cidr.parse(cidr), Optional.of("lo1"), Optional.empty(),
                Optional.ofNullable(router).map(IpLiteral::parse), Optional.empty(), Optional.empty());
    }

    @Test
    void firstFreeSkipsNetworkRouterAndTakenAddresses() {
        nets.create(spec("example", "172.17.0.0/24", "172.17.0.1"));
        assertEquals("172.17.0.2/24", nets.allocate("example", "a", Optional.empty()).toString());
        assertEquals("172.17.0.3/24", nets.allocate("example", "b", Optional.empty()).toString());
        assertEquals("172.17.0.200/24",
                nets.allocate("example", "c", Optional.of(IpLiteral.parse("172.17.0.200"))).toString());
        nets.release("a");
        assertEquals("172.17.0.2/24", nets.allocate("example", "d", Optional.empty()).toString());
        NetworkInfo info = nets.get("example");
        assertEquals(3, info.allocated());
        assertEquals(List.of("b", "c", "d"), info.containers());
        assertEquals(253, info.capacity()); // .1-.254 minus the router
    }

    @Test
    void explicitAddressesAreChecked() {
        nets.create(spec("example", "172.17.0.0/24", "172.17.0.1"));
        nets.allocate("example", "web", Optional.of(IpLiteral.parse("172.17.0.200")));
        XcException taken = assertThrows(XcException.class,
                () -> nets.allocate("example", "db", Optional.of(IpLiteral.parse("172.17.0.200"))));
        assertEquals(ErrorCode.ADDRESS_IN_USE, taken.code());
        assertEquals("address 172.17.0.200 already consumed on network example by container web", taken.getMessage());
        XcException outside = assertThrows(XcException.class,
                () -> nets.allocate("example", "db", Optional.of(IpLiteral.parse("10.0.0.5"))));
        assertEquals("10.0.0.5 is not in the subnet of example (172.17.0.1-172.17.0.254)", outside.getMessage());
        XcException router = assertThrows(XcException.class,
                () -> nets.allocate("example", "db", Optional.of(IpLiteral.parse("172.17.0.1"))));
        assertTrue(router.getMessage().startsWith("172.17.0.1 is reserved on network example"), router.getMessage());
        XcException bcast = assertThrows(XcException.class,
                () -> nets.allocate("example", "db", Optional.of(IpLiteral.parse("172.17.0.255"))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, bcast.code());
        XcException none = assertThrows(XcException.class, () -> nets.allocate("nope", "db", Optional.empty()));
        assertEquals(ErrorCode.NETWORK_NOT_FOUND, none.code());
        assertEquals("no such network: nope", none.getMessage());
    }

    @Test
    void aFullNetworkSaysSo() {
        nets.create(spec("tiny", "10.9.0.0/30", null));
        nets.allocate("tiny", "a", Optional.empty());
        nets.allocate("tiny", "b", Optional.empty());
        XcException e = assertThrows(XcException.class, () -> nets.allocate("tiny", "c", Optional.empty()));
        assertEquals(ErrorCode.ADDRESS_POOL_EXHAUSTED, e.code());
        assertEquals("cannot allocate address from network tiny: all of 10.9.0.1-10.9.0.2 are in use", e.getMessage());
    }

    @Test
    void namesAndSubnetsAreUniqueAndInUseNetworksStay() {
        nets.create(spec("a", "10.1.0.0/16", null));
        XcException dup = assertThrows(XcException.class, () -> nets.create(spec("a", "10.2.0.0/16", null)));
        assertEquals(ErrorCode.NAME_IN_USE, dup.code());
        XcException overlap = assertThrows(XcException.class, () -> nets.create(spec("b", "10.1.4.0/24", null)));
        assertEquals("subnet 10.1.4.0/24 of network 'b' overlaps 10.1.0.0/16 of network 'a'", overlap.getMessage());
        nets.allocate("a", "c1", Optional.empty());
        XcException busy = assertThrows(XcException.class, () -> nets.remove("a"));
        assertEquals(ErrorCode.RESOURCE_BUSY, busy.code());
        assertEquals("network 'a' is used by 1 container(s): c1", busy.getMessage());
        nets.release("c1");
        nets.remove("a");
        assertTrue(nets.list().isEmpty());
    }

    @Test
    void allocationsSurviveARestart() {
        nets.create(spec("example", "172.17.0.0/24", null));
        nets.allocate("example", "a", Optional.empty());
        store.close();
        store = StateStore.open(tmp.resolve("state.sqlite"), Clock.systemUTC());
        nets = new Networks(store);
        assertEquals("172.17.0.2/24", nets.allocate("example", "b", Optional.empty()).toString());
        assertEquals(StateStore.SCHEMA_VERSION, store.schemaVersion());
    }

    @Test
    void ipv6NetworksAllocateToo() {
        nets.create(spec("six", "fd00:1::/120", "fd00:1::1"));
        assertEquals("fd00:1::2/120", nets.allocate("six", "a", Optional.empty()).toString());
    }

    @Test
    void sixtyFourConcurrentAllocationsGetDistinctAddresses() throws Exception {
        nets.create(spec("busy", "10.50.0.0/24", "10.50.0.1"));
        // a second store on the same file plays a second process
        StateStore other = StateStore.open(tmp.resolve("state.sqlite"), Clock.systemUTC());
        Networks otherNets = new Networks(other);
        try (ExecutorService pool = Executors.newFixedThreadPool(64)) {
            List<Future<Cidr>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Networks n = i % 2 == 0 ? nets : otherNets;
                String id = "c" + i;
                results.add(pool.submit(() -> n.allocate("busy", id, Optional.empty())));
            }
            Set<InetAddress> seen = new HashSet<>();
            for (Future<Cidr> f : results) {
                Cidr c = f.get();
                assertTrue(seen.add(c.address()), "handed out twice: " + c);
                assertTrue(Cidr.parse("10.50.0.0/24").contains(c.address()));
                assertFalse(c.address().equals(IpLiteral.parse("10.50.0.1")));
            }
            assertEquals(64, seen.size());
        } finally {
            other.close();
        }
        assertEquals(64, nets.get("busy").allocated());
    }
}
