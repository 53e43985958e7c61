package dev.xc.api.net;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Generators shared by the network and container tests. */
public final class NetArbitraries {

    private NetArbitraries() {
    }

    public static Arbitrary<InetAddress> ipv4() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4).map(NetArbitraries::addr);
    }

    /** IPv6 addresses, often with runs of zero groups so that compression is exercised; never IPv4-mapped. */
    public static Arbitrary<InetAddress> ipv6() {
        Arbitrary<Integer> group = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 0xffff));
        return group.array(Integer[].class).ofSize(8).map(gs -> {
            byte[] b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[2 * i] = (byte) (gs[i] >> 8);
                b[2 * i + 1] = (byte) (int) gs[i];
            }
            if ((b[0] | b[1] | b[2] | b[3] | b[4] | b[5] | b[6] | b[7] | b[8] | b[9]) == 0) {
                b[0] = 0x20; // avoid ::ffff:a.b.c.d, which Java turns into an IPv4 address
            }
            return addr(b);
        });
    }

    public static Arbitrary<InetAddress> ip() {
        return Arbitraries.oneOf(ipv4(), ipv6());
    }

    public static Arbitrary<Cidr> cidr() {
        return ip().flatMap(a -> Arbitraries.integers().between(0, Cidr.maxPrefix(a)).map(p -> new Cidr(a, p)));
    }

    public static Arbitrary<String> ifaceName() {
        return Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').ofLength(1),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('_', '.')
                        .ofMinLength(0).ofMaxLength(13),
                Arbitraries.integers().between(0, 9)).as((a, b, c) -> a + b + c);
    }

    public static Arbitrary<String> networkName() {
        return Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').ofLength(1),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('_', '.', '-')
                        .ofMinLength(0).ofMaxLength(NetworkSpec.MAX_NAME_LENGTH - 1)).as((a, b) -> a + b);
    }

    static InetAddress addr(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
