package dev.xc.testkit.tools;

import dev.xc.api.spi.Command;
import dev.xc.testkit.SimulatedHost.Outcome;
import dev.xc.testkit.SimulatedHost.Tool;
import dev.xc.testkit.kernel.Interfaces;
import dev.xc.testkit.kernel.SimulatedKernel;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * {@code ifconfig} (sbin/ifconfig, freebsd-facts.md 7) for what xc does with interfaces: {@code -l}, cloning
 * ({@code epair create} prints {@code epairNa}, {@code bridge create} prints {@code bridgeN}, {@code bridge0 create}),
 * {@code destroy}, {@code up}/{@code down}, addresses ({@code inet ADDR/P [alias|-alias|delete]},
 * {@code inet ADDR netmask M}, {@code inet6 ADDR/P|prefixlen N}), bridge membership ({@code addm}, {@code deletem}),
 * VNET moves ({@code vnet JAIL}, {@code -vnet JAIL}) and {@code -j JAIL} (work in the jail's vnet). Errors, exit 1:
 * {@code interface X does not exist}, {@code interface X already exists}, {@code X: cloning name too long},
 * {@code SIOCIFCREATE2 (X): Invalid argument}, {@code X: bad value}, {@code ioctl (SIOCDIFADDR): Can't assign
 * requested address}, {@code BRDGADD X: No such file or directory}, {@code BRDGDEL X: Invalid argument},
 * {@code jail "x" not found}, {@code jail not found} (for {@code -j}), and in a jail without VNET
 * {@code ioctl (SIOCAIFADDR): Operation not permitted}.
 */
public final class Ifconfig implements Tool {

    static final String USAGE = "usage: ifconfig [-j jail] [-f type:format] [-L] [-C] [-g groupname] interface "
            + "address_family\n                [address [dest_address]] [parameters]\n";

    private final SimulatedKernel kernel;
    private final int vnet;

    /** ifconfig seeing {@code vnet}: 0 the host, a jid a VNET jail, -1 inside a jail without VNET (read-only). */
    public Ifconfig(SimulatedKernel kernel, int vnet) {
        this.kernel = kernel;
        this.vnet = vnet;
    }

    private static Outcome err(String text) {
        return Outcome.fail(1, "ifconfig: " + text + "\n");
    }

    @Override
    public Outcome run(Command command) {
        Interfaces ifs = kernel.interfaces();
        int space = Math.max(vnet, 0);
        List<String> args = command.argv().subList(1, command.argv().size());
        if (args.isEmpty() || args.getFirst().equals("-l") || args.getFirst().equals("-a")) {
            if (args.size() > 1) {
                return Outcome.fail(1, USAGE);
            }
            return Outcome.ok(String.join(" ", ifs.names(space)) + "\n");
        }
        if (args.getFirst().startsWith("-j")) {
            return inJail(command, args);
        }
        if (args.getFirst().startsWith("-")) {
            return Outcome.fail(1, "ifconfig: illegal option -- " + args.getFirst().charAt(1) + "\n" + USAGE);
        }
        String name = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        if (rest.size() == 1 && rest.getFirst().equals("create")) {
            if (vnet != 0) {
                return err("SIOCIFCREATE2 (" + name + "): Operation not permitted");
            }
            if (name.length() >= 16) {
                return err(name + ": cloning name too long");
            }
            return create(ifs, name);
        }
        if (!rest.isEmpty() && rest.getFirst().equals("-vnet")) {
            return reclaim(ifs, name, rest);
        }
        Optional<Interfaces.Interface> found = ifs.get(space, name);
        if (found.isEmpty()) {
            return err("interface " + name + " does not exist");
        }
        if (rest.isEmpty()) {
            Interfaces.Interface i = found.get();
            StringBuilder sb = new StringBuilder(name + ": flags=" + (i.up() ? "8843<UP,BROADCAST,RUNNING,SIMPLEX,"
                    + "MULTICAST>" : "8802<BROADCAST,SIMPLEX,MULTICAST>") + " metric 0 mtu 1500\n");
            for (String a : i.addresses()) {
                sb.append('\t').append(a.contains(":") ? "inet6 " : "inet ").append(a).append('\n');
            }
            for (String m : i.members()) {
                sb.append("\tmember: ").append(m).append('\n');
            }
            return Outcome.ok(sb.toString());
        }
        if (vnet < 0) {
            return err("ioctl (SIOCAIFADDR): Operation not permitted");
        }
        int k = 0;
        while (k < rest.size()) {
            String word = rest.get(k);
            switch (word) {
                case "up", "down" -> ifs.setUp(space, name, word.equals("up"));
                case "destroy" -> {
                    ifs.destroy(space, name);
                    return Outcome.ok("");
                }
                case "inet", "inet6" -> {
                    if (k + 1 >= rest.size()) {
                        return err("inet: bad value");
                    }
                    boolean v6 = word.equals("inet6");
                    String addr = rest.get(++k);
                    if (v6 && addr.equals("-ifdisabled")) {
                        break;
                    }
                    String host = addr.contains("/") ? addr.substring(0, addr.indexOf('/')) : addr;
                    int prefix = v6 ? 64 : 32;
                    try {
                        InetAddress a = v6 ? Inet6Address.ofLiteral(host) : Inet4Address.ofLiteral(host);
                        host = a.getHostAddress();
                        if (addr.contains("/")) {
                            prefix = Integer.parseInt(addr.substring(addr.indexOf('/') + 1));
                            if (prefix < 0 || prefix > (v6 ? 128 : 32)) {
                                return err(addr + ": bad value");
                            }
                        }
                    } catch (IllegalArgumentException e) {
                        return err(addr + ": bad value");
                    }
                    boolean alias = false;
                    boolean remove = false;
                    while (k + 1 < rest.size()) {
                        String mod = rest.get(k + 1);
                        if (mod.equals("alias")) {
                            alias = true;
                        } else if (mod.equals("-alias") || mod.equals("delete")) {
                            remove = true;
                        } else if ((mod.equals("netmask") && !v6) || (mod.equals("prefixlen") && v6)) {
                            if (k + 2 >= rest.size()) {
                                return err(mod + ": bad value");
                            }
                            Optional<Integer> p = v6 ? parsePrefixlen(rest.get(k + 2)) : netmask(rest.get(k + 2));
                            if (p.isEmpty()) {
                                return err(rest.get(k + 2) + ": bad value");
                            }
                            prefix = p.get();
                            k++;
                        } else if (mod.equals("up")) {
                            ifs.setUp(space, name, true);
                        } else {
                            break;
                        }
                        k++;
                    }
                    if (remove) {
                        if (!ifs.removeAddress(space, name, host)) {
                            return err("ioctl (SIOCDIFADDR): Can't assign requested address");
                        }
                    } else {
                        ifs.addAddress(space, name, host + "/" + prefix, alias);
                    }
                }
                case "addm", "deletem" -> {
                    if (!name.startsWith("bridge") || k + 1 >= rest.size()) {
                        return err(word + ": bad value");
                    }
                    String member = rest.get(++k);
                    if (word.equals("addm")) {
                        if (ifs.get(space, member).isEmpty()) {
                            return err("BRDGADD " + member + ": No such file or directory");
                        }
                        ifs.member(name, member, true);
                    } else if (!ifs.member(name, member, false)) {
                        return err("BRDGDEL " + member + ": Invalid argument");
                    }
                }
                case "vnet", "-vnet" -> {
                    if (k + 1 >= rest.size()) {
                        return err(word + ": bad value");
                    }
                    String key = rest.get(++k);
                    Optional<SimulatedKernel.Jail> jail = kernel.jail(key);
                    if (jail.isEmpty()) {
                        return err(key.chars().allMatch(Character::isDigit) ? "jail " + key + " not found"
                                : "jail \"" + key + "\" not found");
                    }
                    int jid = jail.get().jid();
                    if (word.equals("-vnet") || vnet != 0) {
                        return err(word.equals("-vnet") ? word + ": bad value" : "SIOCSIFVNET: Operation not permitted");
                    }
                    if (!jail.get().vnet()) {
                        return err("SIOCSIFVNET: Invalid argument");
                    }
                    if (ifs.get(jid, name).isPresent()) {
                        return err("SIOCSIFVNET: File exists");
                    }
                    ifs.move(name, 0, jid);
                }
                case "name" -> {
                    return err("name: renaming is not simulated");
                }
                default -> {
                    return err(word + ": bad value");
                }
            }
            k++;
        }
        return Outcome.ok("");
    }

    /**
     * {@code ifconfig -j JAIL ...} (freebsd-facts.md 7.1): ifconfig attaches itself to the jail, then works in the
     * jail's vnet ({@code Operation not permitted} for changes in a jail without VNET). Unknown jail:
     * {@code ifconfig: jail not found}, exit 1; no argument: getopt's {@code option requires an argument -- j}.
     */
    private Outcome inJail(Command command, List<String> args) {
        String key;
        List<String> after;
        if (args.getFirst().length() > 2) {
            key = args.getFirst().substring(2);
            after = args.subList(1, args.size());
        } else if (args.size() > 1) {
            key = args.get(1);
            after = args.subList(2, args.size());
        } else {
            return Outcome.fail(1, "ifconfig: option requires an argument -- j\n" + USAGE);
        }
        Optional<SimulatedKernel.Jail> jail = vnet == 0 ? kernel.jail(key) : Optional.empty();
        if (jail.isEmpty()) {
            return err("jail not found");
        }
        if (after.isEmpty()) {
            return Outcome.fail(1, USAGE);
        }
        List<String> argv = new java.util.ArrayList<>();
        argv.add(command.argv().getFirst());
        argv.addAll(after);
        return new Ifconfig(kernel, jail.get().vnet() ? jail.get().jid() : -1).run(Command.of(argv));
    }

    /**
     * {@code ifconfig IF -vnet JAIL} (freebsd-facts.md 7.2): ifconfig special-cases {@code -vnet} before it looks
     * the interface up, because {@code IF} lives in the jail's vnet, not in the caller's. Exactly one argument
     * (the jail) must follow; the jail must exist ({@code jail "x" not found}) and have a vnet, and {@code IF} must be
     * in it, else {@code SIOCSIFRVNET(JID, IF): <strerror>}. The interface comes back down and without addresses.
     */
    private Outcome reclaim(Interfaces ifs, String name, List<String> rest) {
        if (rest.size() != 2) {
            return err(rest.size() < 2 ? "-vnet: bad value" : rest.get(2) + ": bad value");
        }
        if (vnet != 0) {
            return err("SIOCSIFRVNET: Operation not permitted");
        }
        String key = rest.get(1);
        Optional<SimulatedKernel.Jail> jail = kernel.jail(key);
        if (jail.isEmpty()) {
            return err(key.chars().allMatch(Character::isDigit) ? "jail " + key + " not found"
                    : "jail \"" + key + "\" not found");
        }
        int jid = jail.get().jid();
        if (!jail.get().vnet()) {
            return err("SIOCSIFRVNET(" + jid + ", " + name + "): Invalid argument");
        }
        if (ifs.get(jid, name).isEmpty()) {
            return err("SIOCSIFRVNET(" + jid + ", " + name + "): No such file or directory");
        }
        if (ifs.get(0, name).isPresent()) { // the kernel refuses a name the destination vnet already has
            return err("SIOCSIFRVNET(" + jid + ", " + name + "): File exists");
        }
        ifs.move(name, jid, 0);
        return Outcome.ok("");
    }

    private Outcome create(Interfaces ifs, String name) {
        if (name.equals("epair")) {
            int n = 0;
            while (ifs.get(0, "epair" + n + "a").isPresent()) {
                n++;
            }
            ifs.create("epair" + n + "a");
            ifs.create("epair" + n + "b");
            return Outcome.ok("epair" + n + "a\n");
        }
        if (name.equals("bridge")) {
            int n = 0;
            while (ifs.get(0, "bridge" + n).isPresent()) {
                n++;
            }
            ifs.create("bridge" + n);
            return Outcome.ok("bridge" + n + "\n");
        }
        if (name.matches("epair\\d+")) {
            if (ifs.get(0, name + "a").isPresent()) {
                return err("interface " + name + "a already exists");
            }
            ifs.create(name + "a");
            ifs.create(name + "b");
            return Outcome.ok(name + "a\n");
        }
        if (name.matches("(bridge|tap|lo)\\d+")) {
            if (ifs.get(0, name).isPresent()) {
                return err("interface " + name + " already exists");
            }
            ifs.create(name);
            return Outcome.ok("");
        }
        return err("SIOCIFCREATE2 (" + name + "): Invalid argument");
    }

    private static Optional<Integer> parsePrefixlen(String s) {
        try {
            int p = Integer.parseInt(s);
            return p >= 0 && p <= 128 ? Optional.of(p) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> netmask(String s) {
        try {
            byte[] b = Inet4Address.ofLiteral(s).getAddress();
            int m = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            int p = Integer.bitCount(m);
            return m == (p == 0 ? 0 : -1 << (32 - p)) ? Optional.of(p) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
