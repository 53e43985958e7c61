package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Locale;
import java.util.Optional;

/**
 * The resources rctl(8) accounts and limits, with their unit and the actions the kernel accepts for each
 * ({@code sys/kern/kern_rctl.c}, {@code racct_types[]} in {@code sys/kern/kern_racct.c}): {@code deny} only where the
 * resource is deniable (plus {@code memoryuse} and {@code pcpu}, enforced another way), {@code throttle} only for the
 * decaying I/O resources, {@code log}, {@code devctl} and signals everywhere.
 */
public enum RctlResource {
    CPUTIME(Unit.SECONDS, false, false, true),
    DATASIZE(Unit.BYTES, true, false, false),
    STACKSIZE(Unit.BYTES, true, false, false),
    COREDUMPSIZE(Unit.BYTES, true, false, false),
    MEMORYUSE(Unit.BYTES, true, false, false),
    MEMORYLOCKED(Unit.BYTES, true, false, false),
    MAXPROC(Unit.COUNT, true, false, false),
    OPENFILES(Unit.COUNT, true, false, false),
    VMEMORYUSE(Unit.BYTES, true, false, false),
    PSEUDOTERMINALS(Unit.COUNT, true, false, false),
    SWAPUSE(Unit.BYTES, true, false, false),
    NTHR(Unit.COUNT, true, false, false),
    MSGQQUEUED(Unit.COUNT, true, false, false),
    MSGQSIZE(Unit.BYTES, true, false, false),
    NMSGQ(Unit.COUNT, true, false, false),
    NSEM(Unit.COUNT, true, false, false),
    NSEMOP(Unit.COUNT, true, false, false),
    NSHM(Unit.COUNT, true, false, false),
    SHMSIZE(Unit.BYTES, true, false, false),
    WALLCLOCK(Unit.SECONDS, false, false, true),
    PCPU(Unit.PERCENT, true, false, true),
    READBPS(Unit.BYTES_PER_SECOND, false, true, false),
    WRITEBPS(Unit.BYTES_PER_SECOND, false, true, false),
    READIOPS(Unit.COUNT_PER_SECOND, false, true, false),
    WRITEIOPS(Unit.COUNT_PER_SECOND, false, true, false);

    /** What an amount of a resource counts. */
    public enum Unit {
        BYTES, COUNT, SECONDS, PERCENT, BYTES_PER_SECOND, COUNT_PER_SECOND;

        /** Whether amounts take the size suffixes K, M, G, T, P, E. */
        public boolean isBytes() {
            return this == BYTES || this == BYTES_PER_SECOND;
        }
    }

    /** The kernel stores these resources times 10^6, so amounts above this overflow ({@code ERANGE}). */
    public static final long MAX_SCALED_AMOUNT = Long.MAX_VALUE / 1_000_000L;

    private final Unit unit;
    private final boolean deniable;
    private final boolean throttleable;
    private final boolean scaled;

    RctlResource(Unit unit, boolean deniable, boolean throttleable, boolean scaled) {
        this.unit = unit;
        this.deniable = deniable;
        this.throttleable = throttleable;
        this.scaled = scaled;
    }

    /** The rctl name, e.g. {@code memoryuse}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Unit unit() {
        return unit;
    }

    /** Whether {@code deny} is accepted. */
    public boolean isDeniable() {
        return deniable;
    }

    /** Whether {@code throttle} is accepted. */
    public boolean isThrottleable() {
        return throttleable;
    }

    /** The largest amount the kernel accepts. */
    public long maxAmount() {
        return scaled ? MAX_SCALED_AMOUNT : Long.MAX_VALUE;
    }

    /** Whether the kernel accepts {@code action} for this resource. */
    public boolean accepts(RctlAction action) {
        return switch (action) {
            case DENY -> deniable;
            case THROTTLE -> throttleable;
            default -> true;
        };
    }

    /**
     * The action a limit gets when none is written: {@code deny} where it is accepted, else {@code throttle};
     * empty for {@code cputime} and {@code wallclock}, which need an explicit action such as {@code sigkill}.
     */
    public Optional<RctlAction> defaultAction() {
        if (deniable) {
            return Optional.of(RctlAction.DENY);
        }
        if (throttleable) {
            return Optional.of(RctlAction.THROTTLE);
        }
        return Optional.empty();
    }

    /** Parses an rctl resource name (lower case, as rctl writes it). */
    public static RctlResource parse(String text) {
        for (RctlResource r : values()) {
            if (r.id().equals(text)) {
                return r;
            }
        }
        throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "unknown rctl resource '" + text + "'",
                "use one of memoryuse, pcpu, maxproc, openfiles, vmemoryuse, ... (see rctl(8))");
    }
}
