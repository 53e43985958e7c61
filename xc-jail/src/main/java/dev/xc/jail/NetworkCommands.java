package dev.xc.jail;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Command;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The argv of every interface-plumbing command a jail needs, exactly as freebsd-facts.md sections 7 and 12 give them,
 * for the runtime and for the networking backend to run through the host's {@code CommandRunner}:
 * <pre>
 * ifconfig em0 inet 192.0.2.5/32 alias          ifconfig em0 inet 192.0.2.5/32 -alias      (non-VNET alias, 7.3)
 * ifconfig epair create     (prints epair0a)    ifconfig epair0a up                          (7.1)
 * ifconfig bridge0 addm epair0a                 ifconfig bridge0 deletem epair0a             (7.1)
 * ifconfig epair0b vnet web                     ifconfig epair0b -vnet web                   (7.2)
 * jexec web /sbin/ifconfig epair0b inet 10.0.0.2/24 up                                       (7.2, 12)
 * jexec web /sbin/ifconfig lo0 inet 127.0.0.1/8 up                                           (12)
 * jexec web /sbin/route add default 10.0.0.1    jexec web /sbin/route -6 add default 2001:db8::1    (7.4)
 * ifconfig epair0a destroy                                                                    (7.1)
 * </pre>
 * Host-side commands name the bare programs ({@code ifconfig}, {@code route}, {@code jexec}) so the runner's tool
 * paths apply; commands run inside a jail name the jail's own {@code /sbin} binaries. Inside a jail the portable
 * {@code jexec JAIL cmd} form is used rather than {@code ifconfig -j}/{@code route -j}, whose presence in 14.0 is
 * unverified (freebsd-facts.md 0). Stateless and thread-safe.
 */
public final class NetworkCommands {

    private static final Pattern IFNAME = Pattern.compile("[a-z][a-z0-9_.]{0,14}");
    private static final Pattern EPAIR_A = Pattern.compile("epair\\d+a");

    private NetworkCommands() {
    }

    /** The two ends of an epair: {@code epair0a} (host side) and {@code epair0b} (jail side). */
    public record Epair(String a, String b) {
        public Epair {
            iface(a);
            iface(b);
        }

        /**
         * The pair from what {@code ifconfig epair create} printed ({@code epair0a}).
         *
         * @throws XcException {@link ErrorCode#COMMAND_FAILED} when the output is not an epair a-side name
         */
        public static Epair fromCreateOutput(String stdout) {
            String a = stdout.strip();
            if (!EPAIR_A.matcher(a).matches()) {
                throw XcException.of(ErrorCode.COMMAND_FAILED,
                        "'ifconfig epair create' printed '" + a + "', not an epair name such as epair0a",
                        "check that if_epair is loaded (kldload if_epair)");
            }
            return new Epair(a, a.substring(0, a.length() - 1) + "b");
        }
    }

    /** {@code ifconfig IF inet ADDR/PREFIX alias} (or {@code inet6}): an address for a non-VNET jail. */
    public static Command addAlias(String iface, InetAddress address, int prefix) {
        return Command.of("ifconfig", iface(iface), family(address), cidr(address, prefix), "alias");
    }

    /** {@code ifconfig IF inet ADDR/PREFIX -alias}: removes it again. */
    public static Command removeAlias(String iface, InetAddress address, int prefix) {
        return Command.of("ifconfig", iface(iface), family(address), cidr(address, prefix), "-alias");
    }

    /** {@code ifconfig epair create}; read the result with {@link Epair#fromCreateOutput}. */
    public static Command createEpair() {
        return Command.of("ifconfig", "epair", "create");
    }

    /** {@code ifconfig IF up}. */
    public static Command up(String iface) {
        return Command.of("ifconfig", iface(iface), "up");
    }

    /** {@code ifconfig IF destroy} (for an epair: both ends). */
    public static Command destroy(String iface) {
        return Command.of("ifconfig", iface(iface), "destroy");
    }

    /** {@code ifconfig BRIDGE addm IF}. */
    public static Command addToBridge(String bridge, String iface) {
        return Command.of("ifconfig", iface(bridge), "addm", iface(iface));
    }

    /** {@code ifconfig BRIDGE deletem IF}. */
    public static Command removeFromBridge(String bridge, String iface) {
        return Command.of("ifconfig", iface(bridge), "deletem", iface(iface));
    }

    /** {@code ifconfig IF vnet JAIL}: moves the interface into a VNET jail. */
    public static Command moveToJail(String iface, String jail) {
        return Command.of("ifconfig", iface(iface), "vnet", jail);
    }

    /** {@code ifconfig IF -vnet JAIL}: takes it back. */
    public static Command reclaimFromJail(String iface, String jail) {
        return Command.of("ifconfig", iface(iface), "-vnet", jail);
    }

    /** {@code jexec JAIL /sbin/ifconfig IF inet ADDR/PREFIX up}: an address inside a VNET jail. */
    public static Command addressInJail(String jail, String iface, InetAddress address, int prefix) {
        return Command.of(List.of("jexec", jail, "/sbin/ifconfig", iface(iface), family(address),
                cidr(address, prefix), "up"));
    }

    /** {@code jexec JAIL /sbin/ifconfig lo0 inet 127.0.0.1/8 up}: lo0 exists but is down in a new VNET jail. */
    public static Command loopbackUp(String jail) {
        return Command.of("jexec", jail, "/sbin/ifconfig", "lo0", "inet", "127.0.0.1/8", "up");
    }

    /** {@code jexec JAIL /sbin/route add default GW} ({@code route -6 add default GW} for IPv6). */
    public static Command defaultRoute(String jail, InetAddress gateway) {
        return gateway instanceof Inet4Address
                ? Command.of("jexec", jail, "/sbin/route", "add", "default", gateway.getHostAddress())
                : Command.of("jexec", jail, "/sbin/route", "-6", "add", "default", gateway.getHostAddress());
    }

    private static String family(InetAddress a) {
        return a instanceof Inet4Address ? "inet" : "inet6";
    }

    private static String cidr(InetAddress a, int prefix) {
        int max = a instanceof Inet4Address ? 32 : 128;
        if (prefix < 0 || prefix > max) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "invalid prefix length " + prefix + " for " + a.getHostAddress() + ": must be 0 to " + max,
                    "give a prefix such as " + a.getHostAddress() + "/" + (max == 32 ? 24 : 64));
        }
        return a.getHostAddress() + "/" + prefix;
    }

    private static String iface(String name) {
        if (!IFNAME.matcher(name).matches()) {
            throw XcException.invalid(ErrorCode.INVALID_NAME,
                    "invalid interface name '" + name + "': at most 15 characters, a lower-case letter first, then "
                            + "letters, digits, '_' or '.'",
                    "name an interface as ifconfig -l lists it, e.g. em0 or epair0b");
        }
        return name;
    }
}
