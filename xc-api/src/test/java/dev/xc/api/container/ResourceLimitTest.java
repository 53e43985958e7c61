package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static dev.xc.api.net.Assertions2.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourceLimitTest {

    @Provide
    Arbitrary<ResourceLimit> limits() {
        return Arbitraries.of(RctlResource.class).flatMap(r -> {
            List<RctlAction> ok = Arrays.stream(RctlAction.values()).filter(r::accepts).toList();
            Arbitrary<Long> amount = Arbitraries.oneOf(
                    Arbitraries.longs().between(0, r.maxAmount()),
                    Arbitraries.longs().between(0, 1 << 20).map(v -> v * 1024),
                    Arbitraries.longs().between(0, 4096));
            return net.jqwik.api.Combinators.combine(amount, Arbitraries.of(ok))
                    .as((a, act) -> new ResourceLimit(r, a, act));
        });
    }

    @Property(tries = 1000)
    void roundTrip(@ForAll("limits") ResourceLimit l) {
        assertEquals(l, ResourceLimit.parse(l.toString()));
        assertEquals("jail:web1:" + l.resource().id() + ":" + l.action().id() + "=" + l.amount(), l.rule("web1"));
    }

    @Test
    void examples() {
        ResourceLimit m = ResourceLimit.parse("memoryuse=512M");
        assertEquals(new ResourceLimit(RctlResource.MEMORYUSE, 536870912L, RctlAction.DENY), m);
        assertEquals("jail:web1:memoryuse:deny=536870912", m.rule("web1"));
        assertEquals("memoryuse:deny=512M", m.toString());
        assertEquals(ResourceLimit.cpuPercent(50), ResourceLimit.parse("pcpu=50"));
        assertEquals(ResourceLimit.pids(100), ResourceLimit.parse("maxproc:deny=100"));
        assertEquals(new ResourceLimit(RctlResource.READBPS, 10L << 20, RctlAction.THROTTLE),
                ResourceLimit.parse("readbps=10m"));
        assertEquals(new ResourceLimit(RctlResource.CPUTIME, 3600, RctlAction.SIGKILL),
                ResourceLimit.parse("cputime:sigkill=3600"));
        assertEquals("vmemoryuse:log=1000", ResourceLimit.parse("vmemoryuse:log=1000").toString());
        assertEquals(ResourceLimit.memory(1L << 30), ResourceLimit.memory("1G"));
        assertEquals(ResourceLimit.cpuPercent(150), ResourceLimit.cpus("1.5"));
        assertEquals(ResourceLimit.openFiles(1024), ResourceLimit.parse("openfiles=1024"));
    }

    @Test
    void resourceTableFollowsTheKernel() {
        assertEquals(25, RctlResource.values().length);
        assertTrue(RctlResource.MEMORYUSE.accepts(RctlAction.DENY));
        assertTrue(RctlResource.PCPU.accepts(RctlAction.DENY));
        assertFalse(RctlResource.PCPU.accepts(RctlAction.THROTTLE));
        assertFalse(RctlResource.CPUTIME.accepts(RctlAction.DENY));
        assertFalse(RctlResource.WRITEIOPS.accepts(RctlAction.DENY));
        assertTrue(RctlResource.WRITEIOPS.accepts(RctlAction.THROTTLE));
        assertTrue(RctlResource.NSHM.accepts(RctlAction.SIGTERM));
        assertEquals(RctlResource.Unit.BYTES_PER_SECOND, RctlResource.READBPS.unit());
        assertTrue(RctlResource.WALLCLOCK.defaultAction().isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "memoryuse; no '=' before the amount",
            "memory=1G; unknown resource 'memory'",
            "memoryuse:kill=1G; unknown action 'kill'",
            "cputime=10; cputime has no default action",
            "cputime:deny=10; does not accept the action deny for cputime",
            "readbps:deny=1M; does not accept the action deny for readbps",
            "pcpu:throttle=10; does not accept the action throttle for pcpu",
            "maxproc=10K; size suffix 'K' applies to byte resources only",
            "pcpu=50%; amount '50%' is not a whole number",
            "memoryuse=-1; amount '-1' is not a whole number",
            "memoryuse=; the amount is empty",
            "memoryuse=1.5G; amount '1.5G'",
            "memoryuse=9E; amount '9E' is too large",
            "pcpu=9223372036855; above the kernel's maximum",
            "memoryuse=1G trailing; amount '1G trailing'",
    })
    void malformedIsRejected(String text, String why) {
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> ResourceLimit.parse(text), "'" + text + "'", why);
    }

    @Test
    void badValuesInCodeAreRejected() {
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> ResourceLimit.cpus("0.333"), "'0.333'");
        assertRejected(ErrorCode.INVALID_SYNTAX, () -> ResourceLimit.cpus("two"), "'two'");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> ResourceLimit.pids(-1), "maxproc", "-1");
        assertRejected(ErrorCode.INVALID_NAME, () -> ResourceLimit.pids(1).rule("a:b"), "'a:b'");
    }

    @Test
    void duplicatesOfResourceAndActionAreRejected() {
        ResourceLimits ok = ResourceLimits.parse(List.of("memoryuse:log=400M", "memoryuse=512M"));
        assertEquals(List.of("jail:w:memoryuse:log=419430400", "jail:w:memoryuse:deny=536870912"), ok.rules("w"));
        assertRejected(ErrorCode.INVALID_ARGUMENT,
                () -> ResourceLimits.parse(List.of("memoryuse=512M", "memoryuse:deny=1G")),
                "memoryuse:deny=512M", "memoryuse:deny=1G");
        assertRejected(ErrorCode.INVALID_ARGUMENT, () -> ok.with(ResourceLimit.memory(1)), "duplicate limit");
    }
}
