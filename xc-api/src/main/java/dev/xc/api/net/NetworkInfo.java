package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.List;
import java.util.Objects;

/**
 * A managed network as {@code xc network list} reports it: its definition, the containers holding addresses in it,
 * how many addresses are allocated, and how many the pool can hand out in total.
 *
 * @param spec the definition
 * @param containers ids of containers with an address in this network, in allocation order
 * @param allocated addresses currently allocated
 * @param capacity addresses the pool can hand out ({@link Long#MAX_VALUE} for pools larger than that)
 */
public record NetworkInfo(NetworkSpec spec, List<String> containers, int allocated, long capacity) {
    public NetworkInfo {
        Objects.requireNonNull(spec, "spec");
        containers = List.copyOf(containers);
        if (allocated < 0 || capacity < 0 || allocated > capacity) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid network info for '" + spec.name()
                    + "': allocated " + allocated + " and capacity " + capacity
                    + " must be non-negative with allocated <= capacity", "report this as a bug");
        }
    }

    /** The network name. */
    public String name() {
        return spec.name();
    }

    /** Addresses still free. */
    public long free() {
        return capacity - allocated;
    }
}
