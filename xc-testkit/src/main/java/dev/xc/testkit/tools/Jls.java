package dev.xc.testkit.tools;

import dev.xc.api.spi.Command;
import dev.xc.testkit.SimulatedHost.Outcome;
import dev.xc.testkit.SimulatedHost.Tool;
import dev.xc.testkit.kernel.SimulatedKernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code jls [-dhNnqv] [-j jail] [param ...]} (usr.sbin/jls): the default table
 * ({@code JID  IP Address      Hostname                      Path}), {@code -N} (names instead of jids),
 * {@code -n} ({@code name=value} pairs) and a parameter list (values separated by spaces). Errors:
 * {@code jls: jail "x" not found}, {@code jls: unknown parameter: x}, getopt's texts and the usage line, exit 1.
 */
public final class Jls implements Tool {

    static final String USAGE = "jls: usage: jls [-dhNnqv] [-j jail] [param ...]\n";

    private final SimulatedKernel kernel;

    public Jls(SimulatedKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public Outcome run(Command command) {
        Getopt.Result g = Getopt.parse(command.argv().subList(1, command.argv().size()), "dhj:Nnqsv");
        if (g.error().isPresent()) {
            return Outcome.fail(1, "jls: " + g.error().get() + "\n" + USAGE);
        }
        List<SimulatedKernel.Jail> jails = kernel.jails();
        if (g.options().containsKey('j')) {
            String key = g.options().get('j');
            Optional<SimulatedKernel.Jail> j = kernel.jail(key);
            if (j.isEmpty()) {
                return Outcome.fail(1, "jls: " + (key.chars().allMatch(Character::isDigit) ? "jail " + key
                        : "jail \"" + key + "\"") + " not found\n");
            }
            jails = List.of(j.get());
        }
        StringBuilder out = new StringBuilder();
        if (!g.operands().isEmpty() || g.options().containsKey('n')) {
            List<String> params = g.operands();
            for (SimulatedKernel.Jail j : jails) {
                List<String> names = params.isEmpty() ? new ArrayList<>(j.parameters().keySet()) : params;
                List<String> cells = new ArrayList<>();
                for (String p : names) {
                    Optional<Object> v = value(j, p);
                    if (v.isEmpty()) {
                        return Outcome.fail(1, "jls: unknown parameter: " + p + "\n");
                    }
                    String text = v.get().toString();
                    cells.add(g.options().containsKey('n') ? p + "=" + text : text);
                }
                out.append(String.join(" ", cells)).append('\n');
            }
            return Outcome.ok(out.toString());
        }
        boolean names = g.options().containsKey('N');
        out.append(names ? " JID             IP Address      Hostname                      Path\n"
                : "   JID  IP Address      Hostname                      Path\n");
        for (SimulatedKernel.Jail j : jails) {
            String ip = j.addresses().isEmpty() ? "" : j.addresses().getFirst().getHostAddress();
            String host = (String) j.parameters().getOrDefault("host.hostname", "");
            out.append(names ? String.format("%-15s ", j.name()) : String.format("%6d  ", j.jid()))
                    .append(String.format("%-15.15s %-29.29s %.74s%n", ip, host, j.path()));
        }
        return Outcome.ok(out.toString());
    }

    private static Optional<Object> value(SimulatedKernel.Jail j, String p) {
        if (p.equals("ip4.addr") || p.equals("ip6.addr")) {
            boolean v4 = p.equals("ip4.addr");
            return Optional.of(String.join(",", j.addresses().stream()
                    .filter(a -> (a.getAddress().length == 4) == v4).map(a -> a.getHostAddress()).toList()));
        }
        return j.parameter(p);
    }
}
