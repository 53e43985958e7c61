package dev.xc.testkit.tools;

import dev.xc.api.spi.Command;
import dev.xc.testkit.SimulatedHost.Outcome;
import dev.xc.testkit.SimulatedHost.Tool;
import dev.xc.testkit.kernel.SimulatedKernel;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * {@code route [-j jail] [-46dnqtv] command [[modifiers] args]} (sbin/route, freebsd-facts.md 7.4) for default
 * routes: {@code add default GW} (prints {@code add net default: gateway GW}), {@code delete default},
 * {@code get default}; {@code -6} or {@code -inet6} for IPv6. The gateway must be on a connected network of the vnet.
 * Errors: {@code route: Jail not found} (exit 1), {@code route: writing to routing socket: File exists} with
 * {@code add net default: gateway GW fib 0: route already in table}, {@code Network is unreachable},
 * {@code route: writing to routing socket: No such process} when deleting what is not there, {@code Operation not
 * permitted} in a jail without VNET, and the usage text with exit 64 (EX_USAGE).
 */
public final class Route implements Tool {

    static final String USAGE = "usage: route [-j jail] [-46dnqtv] command [[modifiers] args]\n";

    private final SimulatedKernel kernel;
    private final int vnet;

    /** route in {@code vnet}: 0 the host, a jid a VNET jail, -1 a jail without VNET. */
    public Route(SimulatedKernel kernel, int vnet) {
        this.kernel = kernel;
        this.vnet = vnet;
    }

    @Override
    public Outcome run(Command command) {
        Getopt.Result g = Getopt.parse(command.argv().subList(1, command.argv().size()), "46dnqtvj:");
        if (g.error().isPresent()) {
            return Outcome.fail(64, "route: " + g.error().get() + "\n" + USAGE);
        }
        int space = vnet;
        if (g.options().containsKey('j')) {
            Optional<SimulatedKernel.Jail> jail = kernel.jail(g.options().get('j'));
            if (jail.isEmpty()) {
                return Outcome.fail(1, "route: Jail not found\n");
            }
            space = jail.get().vnet() ? jail.get().jid() : -1;
        }
        List<String> ops = g.operands();
        boolean v6 = g.options().containsKey('6');
        if (!ops.isEmpty() && ops.size() > 1 && (ops.get(1).equals("-inet6") || ops.get(1).equals("-6"))) {
            v6 = true;
            ops = new java.util.ArrayList<>(ops);
            ops.remove(1);
        }
        if (ops.size() < 2 || !ops.get(1).equals("default")) {
            return Outcome.fail(64, ops.isEmpty() ? USAGE : "route: bad command: " + String.join(" ", ops) + "\n"
                    + USAGE);
        }
        String cmd = ops.getFirst();
        int effective = Math.max(space, 0);
        var routes = kernel.interfaces();
        switch (cmd) {
            case "add" -> {
                if (ops.size() != 3) {
                    return Outcome.fail(64, USAGE);
                }
                String gw = ops.get(2);
                InetAddress a;
                try {
                    a = v6 ? java.net.Inet6Address.ofLiteral(gw) : java.net.Inet4Address.ofLiteral(gw);
                } catch (IllegalArgumentException e) {
                    return Outcome.fail(1, "route: bad address: " + gw + "\n");
                }
                if (space < 0) {
                    return Outcome.fail(1, "route: writing to routing socket: Operation not permitted\n"
                            + "add net default: gateway " + gw + " fib 0: Operation not permitted\n");
                }
                if (!reachable(effective, a)) {
                    return Outcome.fail(1, "route: writing to routing socket: Network is unreachable\n"
                            + "add net default: gateway " + gw + " fib 0: Network is unreachable\n");
                }
                if (!routes.setDefaultRoute(effective, Optional.of(gw))) {
                    return Outcome.fail(1, "route: writing to routing socket: File exists\n"
                            + "add net default: gateway " + gw + " fib 0: route already in table\n");
                }
                return Outcome.ok("add net default: gateway " + gw + "\n");
            }
            case "delete" -> {
                if (space < 0 || !routes.setDefaultRoute(effective, Optional.empty())) {
                    return Outcome.fail(1, "route: writing to routing socket: " + (space < 0
                            ? "Operation not permitted" : "No such process") + "\ndelete net default: not in table\n");
                }
                return Outcome.ok("delete net default\n");
            }
            case "get" -> {
                Optional<String> gw = routes.defaultRoute(effective);
                return gw.map(s -> Outcome.ok("   route to: default\ndestination: default\n       mask: default\n"
                        + "    gateway: " + s + "\n")).orElse(Outcome.fail(1, "route: route has not been found\n"));
            }
            default -> {
                return Outcome.fail(64, "route: bad command: " + cmd + "\n" + USAGE);
            }
        }
    }

    private boolean reachable(int space, InetAddress gw) {
        byte[] g = gw.getAddress();
        for (var i : kernel.interfaces().list()) {
            if (i.vnet() != space) {
                continue;
            }
            for (String cidr : i.addresses()) {
                InetAddress net = InetAddress.ofLiteral(cidr.substring(0, cidr.indexOf('/')));
                int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
                byte[] n = net.getAddress();
                if (n.length == g.length && sameNetwork(n, g, prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameNetwork(byte[] a, byte[] b, int prefix) {
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
