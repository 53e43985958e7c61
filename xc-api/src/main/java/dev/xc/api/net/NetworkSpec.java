package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A managed network as {@code xc network create [--bridge IF] [--alias IF] [--default-router IP] NAME SUBNET
 * [START [END]]} defines it and the inventory stores it. Containers ask for an address in it with
 * {@code --network NAME}; its addresses are kept in the pf table {@code xc:network:NAME}.
 *
 * <p>Rules: the name is 1-{@value #MAX_NAME_LENGTH} characters {@code [A-Za-z][A-Za-z0-9_.-]*} (the pf table name
 * {@code xc:network:NAME} must stay within pf's 31 characters); the subnet is a block without host bits
 * ({@code 172.17.0.0/16}, not {@code 172.17.0.1/16}); the default router, start and end addresses are inside the
 * subnet, and start is not after end. The alias interface is used for non-VNET containers (addresses are aliased
 * on it), the bridge for VNET containers (each gets an epair member).
 *
 * @param name the network name
 * @param subnet the block addresses are allocated from
 * @param aliasInterface host interface that receives IP aliases for non-VNET containers
 * @param bridgeInterface bridge that VNET containers' epairs join
 * @param defaultRouter default route set inside VNET containers
 * @param startAddress first address handed out (default: the first host address of the subnet)
 * @param endAddress last address handed out (default: the last host address of the subnet)
 */
public record NetworkSpec(String name, Cidr subnet, Optional<String> aliasInterface, Optional<String> bridgeInterface,
                          Optional<InetAddress> defaultRouter, Optional<InetAddress> startAddress,
                          Optional<InetAddress> endAddress) {

    /** Longest network name: {@code xc:network:} plus the name must fit pf's 31-character table names. */
    public static final int MAX_NAME_LENGTH = 20;
    /** Prefix of the pf table holding a network's container addresses. */
    public static final String PF_TABLE_PREFIX = "xc:network:";

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    public NetworkSpec {
        checkName(name);
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(aliasInterface, "aliasInterface");
        Objects.requireNonNull(bridgeInterface, "bridgeInterface");
        Objects.requireNonNull(defaultRouter, "defaultRouter");
        Objects.requireNonNull(startAddress, "startAddress");
        Objects.requireNonNull(endAddress, "endAddress");
        if (subnet.hasHostBits()) {
            throw bad(name, "subnet " + subnet + " has host bits set",
                    "write the block itself, e.g. " + subnet.toNetwork());
        }
        aliasInterface.ifPresent(i -> IpAssignment.checkInterface(i, "alias interface"));
        bridgeInterface.ifPresent(i -> IpAssignment.checkInterface(i, "bridge interface"));
        inside(name, subnet, defaultRouter, "default router");
        inside(name, subnet, startAddress, "start address");
        inside(name, subnet, endAddress, "end address");
        if (startAddress.isPresent() && endAddress.isPresent()
                && Cidr.compare(startAddress.get(), endAddress.get()) > 0) {
            throw bad(name, "start address " + IpLiteral.format(startAddress.get()) + " is after end address "
                    + IpLiteral.format(endAddress.get()), "swap them or pick a start before the end");
        }
    }

    /** A network with only a name and a subnet. */
    public static NetworkSpec of(String name, Cidr subnet) {
        return new NetworkSpec(name, subnet, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * Checks the network name syntax described on the class.
     *
     * @return {@code name}
     * @throws XcException {@link ErrorCode#INVALID_NAME} naming the bad name
     */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "invalid network name '" + name + "': "
                            + (name.length() > MAX_NAME_LENGTH
                            ? "longer than " + MAX_NAME_LENGTH + " characters (the pf table " + PF_TABLE_PREFIX
                            + name + " would exceed 31)"
                            : "use a letter followed by letters, digits, '_', '.' or '-'"),
                    "pick a name like 'default' or 'lan_1'");
        }
        return name;
    }

    /** The pf table holding this network's container addresses: {@code xc:network:NAME}. */
    public String pfTable() {
        return PF_TABLE_PREFIX + name;
    }

    /** The first address the allocator may hand out: the start address, else the subnet's first host. */
    public InetAddress firstAssignable() {
        return startAddress.orElseGet(() -> hostBound(true));
    }

    /** The last address the allocator may hand out: the end address, else the subnet's last host. */
    public InetAddress lastAssignable() {
        return endAddress.orElseGet(() -> hostBound(false));
    }

    /** Whether {@code a} is the network address or the IPv4 broadcast address, which are never handed out. */
    public boolean isReserved(InetAddress a) {
        if (subnet.prefix() >= subnet.bits() - 1) {
            return false; // /31, /32, /127, /128: every address is usable
        }
        return a.equals(subnet.network()) || subnet.broadcast().map(a::equals).orElse(false);
    }

    private InetAddress hostBound(boolean first) {
        if (subnet.prefix() >= subnet.bits() - 1) {
            return first ? subnet.network() : subnet.last();
        }
        BigInteger off = first ? BigInteger.ONE
                : subnet.size().subtract(subnet.isIpv6() ? BigInteger.ONE : BigInteger.TWO);
        return subnet.addressAt(off);
    }

    private static void inside(String name, Cidr subnet, Optional<InetAddress> a, String what) {
        if (a.isPresent() && !subnet.contains(a.get())) {
            throw bad(name, what + " " + IpLiteral.format(a.get()) + " is not in the subnet " + subnet,
                    "pick an address inside " + subnet);
        }
    }

    private static XcException bad(String name, String why, String hint) {
        return XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid network '" + name + "': " + why, hint);
    }
}
