package dev.xc.engine.internal.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xc.api.ErrorCode;
import dev.xc.api.Problem;
import dev.xc.api.XcException;
import dev.xc.api.container.PlanStep;
import dev.xc.api.net.AllocatedAddress;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.IpAssignment;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.CommandRunner;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Connects a VNET container to its networks, after its jail exists: per bridge, an epair whose a side joins the
 * bridge and whose b side moves into the jail with the container's addresses on that network; then {@code lo0}
 * inside the jail, and the default route of the first network (main address first) that names a router. Commands
 * (freebsd-facts.md 7; the original xc's forms, xc-reference.md 6.3 and 7.6):
 *
 * <pre>
 * ifconfig epair create                          prints epairNa; the b side is epairNb
 * ifconfig epairNa up
 * ifconfig BRIDGE addm epairNa
 * ifconfig epairNb vnet JAIL
 * ifconfig -j JAIL epairNb inet 10.0.0.2/24 up   further addresses: ... alias; IPv6: inet6 -ifdisabled first
 * ifconfig -j JAIL lo0 inet 127.0.0.1/8 up
 * route -j JAIL add default 10.0.0.1             route -j JAIL -6 add default ROUTER for an IPv6 router
 * </pre>
 *
 * <p>An unmanaged {@code --ip IFACE|ADDR/MASK} moves the host interface itself into the jail, after the epairs
 * (xc-reference.md 6.3 step 13), and gives it back at teardown:
 *
 * <pre>
 * ifconfig em1 vnet JAIL
 * ifconfig -j JAIL em1 inet 192.0.2.7/24 up       further addresses: ... alias
 * ifconfig em1 -vnet JAIL                         (undo)
 * </pre>
 *
 * <p>{@code -j} runs the host's ifconfig and route in the jail, so a Linux image or one without {@code /sbin}
 * needs nothing of its own. Each effect is one journaled step; undo is {@code ifconfig BRIDGE deletem epairNa} and
 * {@code ifconfig epairNa destroy}, which takes the b side with it wherever it is. Addresses and routes inside the
 * jail go with the jail, so their steps undo nothing. Every undo is idempotent. Stateless; thread-safe.
 */
final class Vnet {

    /** Runs one journaled step; changes the effect makes to {@code undo} are journaled too. */
    @FunctionalInterface
    interface Steps {
        void step(String kind, ObjectNode undo, Runnable effect);
    }

    private Vnet() {
    }

    /**
     * Attaches jail {@code jail} to the bridges of {@code addresses} (each address's interface is its network's
     * bridge), in their order.
     *
     * @param routerOf the default router of a network, by name
     */
    static void attach(CommandRunner commands, String jail, List<AllocatedAddress> addresses,
                       Function<String, Optional<InetAddress>> routerOf, Steps steps) {
        Map<String, List<Cidr>> byBridge = new LinkedHashMap<>();
        Map<String, List<Cidr>> moved = new LinkedHashMap<>();
        for (AllocatedAddress a : addresses) {
            (a.network().isPresent() ? byBridge : moved).computeIfAbsent(a.iface(), k -> new ArrayList<>())
                    .add(a.address());
        }
        for (Map.Entry<String, List<Cidr>> e : byBridge.entrySet()) {
            connect(commands, jail, e.getKey(), e.getValue(), steps);
        }
        for (Map.Entry<String, List<Cidr>> e : moved.entrySet()) {
            move(commands, jail, e.getKey(), e.getValue(), steps);
        }
        steps.step("vnet-lo0", undo("none"), () -> run(commands, "ifconfig", "-j", jail, "lo0", "inet", "127.0.0.1/8",
                "up"));
        Optional<InetAddress> router = addresses.stream().flatMap(a -> a.network().stream()).distinct()
                .map(routerOf).flatMap(Optional::stream).findFirst();
        router.ifPresent(r -> steps.step("route", undo("none"), () -> {
            List<String> argv = new ArrayList<>(List.of("route", "-j", jail));
            if (r instanceof Inet6Address) {
                argv.add("-6");
            }
            argv.addAll(List.of("add", "default", IpLiteral.format(r)));
            run(commands, argv.toArray(String[]::new));
        }));
    }

    /** One epair: created, its a side on {@code bridge}, its b side in the jail with {@code cidrs}. */
    private static void connect(CommandRunner commands, String jail, String bridge, List<Cidr> cidrs, Steps steps) {
        String[] a = new String[1];
        ObjectNode destroy = undo("epair-destroy");
        steps.step("epair", destroy, () -> {
            String printed = run(commands, "ifconfig", "epair", "create").stdoutText();
            String name = printed.strip();
            if (!name.matches("epair[0-9]+a")) {
                throw notAnEpair(printed);
            }
            a[0] = name;
            destroy.put("iface", name);
        });
        String b = a[0].substring(0, a[0].length() - 1) + "b";
        steps.step("bridge", undo("bridge-deletem").put("bridge", bridge).put("iface", a[0]), () -> {
            run(commands, "ifconfig", a[0], "up");
            run(commands, "ifconfig", bridge, "addm", a[0]);
        });
        steps.step("vnet-move", undo("none"), () -> run(commands, "ifconfig", b, "vnet", jail));
        steps.step("vnet-address", undo("none"), () -> configure(commands, jail, b, cidrs));
    }

    /**
     * An unmanaged {@code --ip IFACE|ADDR/MASK}: the host interface itself moves into the jail and gets the addresses
     * there; its undo gives it back ({@code ifconfig IFACE -vnet JAIL}). The jail's own {@code lo0} (allowed with
     * {@code --no-lo0}) is configured in place: the host's {@code lo0} never moves.
     */
    private static void move(CommandRunner commands, String jail, String iface, List<Cidr> cidrs, Steps steps) {
        if (!iface.equals("lo0")) {
            steps.step("vnet-ip-move", undo("vnet-reclaim").put("iface", iface).put("jail", jail),
                    () -> run(commands, "ifconfig", iface, "vnet", jail));
        }
        steps.step("vnet-ip-address", undo("none"), () -> configure(commands, jail, iface, cidrs));
    }

    /** Gives {@code iface} inside the jail its addresses: the first with {@code up}, the others as aliases. */
    private static void configure(CommandRunner commands, String jail, String iface, List<Cidr> cidrs) {
        boolean first = true;
        boolean v6Enabled = false;
        for (Cidr c : cidrs) {
            String family = c.isIpv6() ? "inet6" : "inet";
            if (c.isIpv6() && !v6Enabled) {
                run(commands, "ifconfig", "-j", jail, iface, "inet6", "-ifdisabled");
                v6Enabled = true;
            }
            run(commands, "ifconfig", "-j", jail, iface, family, c.toString(), first ? "up" : "alias");
            first = false;
        }
    }

    /**
     * The checks of {@code --ip} for a VNET container: an interface that carries one of the container's networks (a
     * bridge) cannot move into the jail, and an interface is given once.
     */
    static void checkMoves(List<IpAssignment> ips, List<Blueprint.NetPlan> nets, List<Problem> problems) {
        Set<String> seen = new HashSet<>();
        for (IpAssignment ip : ips) {
            if (!seen.add(ip.iface())) {
                problems.add(Problem.of(ErrorCode.INVALID_ARGUMENT, "--ip " + ip + ": interface " + ip.iface()
                        + " is given twice", "give all its addresses in one --ip, e.g. --ip '" + ip.iface()
                        + "|192.0.2.7/24,192.0.2.8/24'"));
                continue;
            }
            nets.stream().filter(n -> n.iface().equals(ip.iface())).findFirst().ifPresent(n -> problems.add(
                    Problem.of(ErrorCode.INVALID_ARGUMENT, "--ip " + ip + ": interface " + ip.iface() + " is the "
                            + "bridge of network " + n.network() + " and cannot move into the jail",
                            "give the VNET container another host interface, or only --network " + n.network())));
        }
    }

    /** The plan steps of {@link #attach}, for {@code xc run --dry-run}. */
    static void describe(Blueprint bp, Function<String, Optional<InetAddress>> routerOf, List<PlanStep> out) {
        Map<String, List<String>> byBridge = new LinkedHashMap<>();
        for (Blueprint.NetPlan n : bp.networks()) {
            byBridge.computeIfAbsent(n.iface(), k -> new ArrayList<>())
                    .add(n.address().isEmpty() ? "(next free in " + n.network() + ")" : n.address());
        }
        byBridge.forEach((bridge, addrs) -> out.add(new PlanStep("vnet", "create an epair, add its a side to "
                + bridge + " and move its b side into the jail with " + String.join(", ", addrs),
                ordered("bridge", bridge, "addresses", String.join(",", addrs)))));
        for (String text : bp.ips()) {
            IpAssignment ip = IpAssignment.parse(text);
            String addrs = String.join(",", ip.addresses().stream().map(Cidr::toString).toList());
            out.add(new PlanStep("vnet", ip.iface().equals("lo0") ? "give the jail's lo0 " + addrs
                    : "move host interface " + ip.iface() + " into the jail with " + addrs + " (given back at "
                    + "teardown)", ordered("interface", ip.iface(), "addresses", addrs)));
        }
        out.add(new PlanStep("vnet", "bring up lo0 in the jail", Map.of("address", "127.0.0.1/8")));
        bp.networks().stream().map(Blueprint.NetPlan::network).distinct()
                .flatMap(n -> routerOf.apply(n).map(r -> Map.entry(n, r)).stream()).findFirst()
                .ifPresent(e -> out.add(new PlanStep("route", "route by default through "
                        + IpLiteral.format(e.getValue()) + " (the router of network " + e.getKey() + ")",
                        ordered("network", e.getKey(), "router", IpLiteral.format(e.getValue())))));
    }

    /**
     * Undoes {@code u}, an {@code epair-destroy}, {@code bridge-deletem} or {@code vnet-reclaim} operation.
     * Idempotent: what is already gone counts as undone; an interface whose jail is gone is back on the host
     * already (the kernel returns it), and one that is not in the jail was never moved or was given back.
     */
    static void undo(CommandRunner commands, JsonNode u) {
        String iface = u.path("iface").asText("");
        if (iface.isEmpty()) {
            return; // the step failed before the epair existed
        }
        CommandResult r = switch (u.path("op").asText()) {
            case "epair-destroy" -> commands.run(Command.of("ifconfig", iface, "destroy"));
            case "bridge-deletem" -> commands.run(Command.of("ifconfig", u.path("bridge").asText(), "deletem", iface));
            case "vnet-reclaim" -> commands.run(Command.of("ifconfig", iface, "-vnet", u.path("jail").asText()));
            default -> throw new IllegalArgumentException("not a VNET undo operation: " + u);
        };
        String err = r.stderrText();
        boolean gone = err.contains("does not exist") || err.contains("BRDGDEL") || err.contains("not found")
                || (err.contains("SIOCSIFRVNET") && err.contains("No such file or directory"));
        if (!r.ok() && !gone) {
            r.orThrow();
        }
    }

    private static Map<String, String> ordered(String k1, String v1, String k2, String v2) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static ObjectNode undo(String op) {
        return Blueprint.object().put("op", op);
    }

    private static CommandResult run(CommandRunner commands, String... argv) {
        return commands.run(Command.of(argv)).orThrow();
    }

    static XcException notAnEpair(String printed) {
        return XcException.of(ErrorCode.COMMAND_FAILED, "ifconfig epair create printed '" + printed.strip()
                + "', not the name of an epair's a side (epairNa)", "check the host's ifconfig and if_epair.ko");
    }
}
