package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * An IP address with a prefix length: an interface address such as {@code 192.168.8.7/24} or a block such as
 * {@code 172.17.0.0/16}. The address keeps its host bits; {@link #network()} clears them.
 *
 * <p>Syntax: {@code a.b.c.d[/m]}, {@code dead:beef::[/m]} or {@code [dead:beef::][/m]}. Without a mask the prefix is
 * {@code /32} (IPv4) or {@code /128} (IPv6). The mask is 0-32 or 0-128, in decimal. Address literals follow
 * {@link IpLiteral}. {@link #toString()} writes the canonical form, always with the mask and IPv6 without brackets:
 * {@code 192.168.8.7/24}, {@code dead:beef::/120}.
 *
 * @param address the address, host bits included
 * @param prefix the prefix length
 */
public record Cidr(InetAddress address, int prefix) {

    private static final String SYNTAX =
            "write ADDRESS[/MASK], e.g. 192.168.8.7/24, dead:beef::/120 or [dead:beef::]/120";

    public Cidr {
        Objects.requireNonNull(address, "address");
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            throw bad(address.getHostAddress(), "scoped IPv6 addresses are not supported");
        }
        int max = maxPrefix(address);
        if (prefix < 0 || prefix > max) {
            throw bad(IpLiteral.format(address) + "/" + prefix, "the mask " + prefix + " is outside 0-" + max);
        }
    }

    /** A single-address block: {@code /32} or {@code /128}. */
    public static Cidr host(InetAddress address) {
        return new Cidr(address, maxPrefix(address));
    }

    /** Same as the canonical constructor. */
    public static Cidr of(InetAddress address, int prefix) {
        return new Cidr(address, prefix);
    }

    /** Parses the syntax described on the class. */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        String addr;
        String mask;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw bad(text, "'[' without a closing ']'");
            }
            addr = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (rest.isEmpty()) {
                mask = null;
            } else if (rest.startsWith("/")) {
                mask = rest.substring(1);
            } else {
                throw bad(text, "unexpected '" + rest + "' after ']'");
            }
            if (addr.indexOf(':') < 0) {
                throw bad(text, "brackets are for IPv6 addresses only");
            }
        } else {
            int slash = text.indexOf('/');
            addr = slash < 0 ? text : text.substring(0, slash);
            mask = slash < 0 ? null : text.substring(slash + 1);
        }
        InetAddress a = IpLiteral.parse(addr, why -> bad(text, why));
        int max = maxPrefix(a);
        if (mask == null) {
            return new Cidr(a, max);
        }
        if (mask.isEmpty() || mask.length() > 3 || !mask.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(text, "the mask '" + mask + "' is not a number from 0 to " + max);
        }
        int p = Integer.parseInt(mask);
        if (p > max) {
            throw bad(text, "the mask " + p + " is outside 0-" + max);
        }
        return new Cidr(a, p);
    }

    /** Whether this is an IPv6 block. */
    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** The number of address bits: 32 or 128. */
    public int bits() {
        return maxPrefix(address);
    }

    /** The first address of the block (host bits cleared). */
    public InetAddress network() {
        return fromBig(toBig(address).and(mask()), bits());
    }

    /** The last address of the block (host bits set). */
    public InetAddress last() {
        return fromBig(toBig(address).and(mask()).or(hostMask()), bits());
    }

    /** The IPv4 broadcast address (the last of the block); empty for IPv6, which has no broadcast. */
    public Optional<InetAddress> broadcast() {
        return isIpv6() ? Optional.empty() : Optional.of(last());
    }

    /** The block itself, without host bits: {@code 192.168.8.0/24} for {@code 192.168.8.7/24}. */
    public Cidr toNetwork() {
        return new Cidr(network(), prefix);
    }

    /** Whether the address has host bits set, i.e. it names an interface address rather than a block. */
    public boolean hasHostBits() {
        return !toBig(address).and(hostMask()).equals(BigInteger.ZERO);
    }

    /** Whether {@code other} is of the same family and inside this block. */
    public boolean contains(InetAddress other) {
        Objects.requireNonNull(other, "other");
        if (maxPrefix(other) != bits()) {
            return false;
        }
        return toBig(other).and(mask()).equals(toBig(address).and(mask()));
    }

    /** Whether every address of {@code other} is inside this block. */
    public boolean encloses(Cidr other) {
        return other.prefix >= prefix && contains(other.address);
    }

    /** Whether the two blocks share at least one address. */
    public boolean overlaps(Cidr other) {
        return encloses(other) || other.encloses(this);
    }

    /** The number of addresses in the block, {@code 2^(bits - prefix)}. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(bits() - prefix);
    }

    /** {@link #size()} as a long, {@link Long#MAX_VALUE} for blocks larger than that. */
    public long sizeAsLong() {
        BigInteger s = size();
        return s.bitLength() < 64 ? s.longValue() : Long.MAX_VALUE;
    }

    /**
     * The address at {@code offset} from the network address.
     *
     * @throws XcException {@link ErrorCode#INVALID_ARGUMENT} when the offset is negative or outside the block
     */
    public InetAddress addressAt(BigInteger offset) {
        if (offset.signum() < 0 || offset.compareTo(size()) >= 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "offset " + offset + " is outside the block " + this + " of " + size() + " addresses",
                    "use an offset from 0 to " + size().subtract(BigInteger.ONE));
        }
        return fromBig(toBig(network()).add(offset), bits());
    }

    /** The offset of {@code other} from the network address; {@code other} must be {@linkplain #contains inside}. */
    public BigInteger offsetOf(InetAddress other) {
        if (!contains(other)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    IpLiteral.format(other) + " is not in " + toNetwork(), "use an address inside the block");
        }
        return toBig(other).subtract(toBig(network()));
    }

    /** The same address with another prefix. */
    public Cidr withPrefix(int newPrefix) {
        return new Cidr(address, newPrefix);
    }

    /** Compares two addresses of the same family as unsigned numbers; IPv4 sorts before IPv6. */
    public static int compare(InetAddress a, InetAddress b) {
        int fa = maxPrefix(a);
        int fb = maxPrefix(b);
        if (fa != fb) {
            return Integer.compare(fa, fb);
        }
        return toBig(a).compareTo(toBig(b));
    }

    /** The canonical text, {@code ADDRESS/MASK}. */
    @Override
    public String toString() {
        return IpLiteral.format(address) + "/" + prefix;
    }

    /** {@code [v6]/m} for IPv6, the plain form for IPv4: the bracketed form some syntaxes prefer. */
    public String toBracketedString() {
        return IpLiteral.formatBracketed(address) + "/" + prefix;
    }

    private BigInteger hostMask() {
        return BigInteger.ONE.shiftLeft(bits() - prefix).subtract(BigInteger.ONE);
    }

    private BigInteger mask() {
        return BigInteger.ONE.shiftLeft(bits()).subtract(BigInteger.ONE).xor(hostMask());
    }

    static int maxPrefix(InetAddress a) {
        return a instanceof Inet4Address ? 32 : 128;
    }

    static BigInteger toBig(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    static InetAddress fromBig(BigInteger v, int bits) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[bits / 8];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        try {
            // Inet6Address directly, so that a block covering ::ffff:0:0/96 does not turn into IPv4 addresses
            return bits == 32 ? InetAddress.getByAddress(out) : Inet6Address.getByAddress(null, out, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static XcException bad(String text, String why) {
        return XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid CIDR '" + text + "': " + why, SYNTAX);
    }
}
