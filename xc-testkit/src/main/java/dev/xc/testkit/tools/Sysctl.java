package dev.xc.testkit.tools;

import dev.xc.api.spi.Command;
import dev.xc.testkit.SimulatedHost.Outcome;
import dev.xc.testkit.SimulatedHost.Tool;
import dev.xc.testkit.kernel.SimulatedKernel;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code sysctl [-nNq] name[=value] ...} (sbin/sysctl) over the MIBs xc reads: {@code kern.osreldate},
 * {@code kern.osrelease}, {@code kern.ostype}, {@code kern.features.vimage}, {@code security.jail.jailed},
 * {@code security.jail.jail_max_af_ips}, {@code kern.elf64.fallback_brand} (writable), {@code compat.linux.*} when
 * linux64 is loaded. Output {@code name: value}, or the value alone with {@code -n}; a write prints
 * {@code name: old -> new}. Errors: {@code sysctl: unknown oid 'x'} and {@code sysctl: oid 'x' is read only}, exit 1.
 */
public final class Sysctl implements Tool {

    static final String USAGE = "usage: sysctl [-bdeiJNnoqTtWx] [ -B <bufsize> ] [-f filename] name[=value] ...\n"
            + "       sysctl [-bdeiJNnoqTtWx] [ -B <bufsize> ] -a\n";
    private static final Set<String> WRITABLE = Set.of("kern.elf64.fallback_brand", "kern.elf32.fallback_brand");

    private final SimulatedKernel kernel;
    private final Map<String, String> writes = new ConcurrentHashMap<>();

    public Sysctl(SimulatedKernel kernel) {
        this.kernel = kernel;
    }

    private Map<String, String> mibs() {
        Map<String, String> m = new TreeMap<>();
        m.put("kern.ostype", "FreeBSD");
        m.put("kern.osrelease", kernel.osrelease());
        m.put("kern.osreldate", Integer.toString(kernel.osreldate()));
        m.put("kern.features.vimage", "1");
        m.put("security.jail.jailed", "0");
        m.put("security.jail.jail_max_af_ips", "255");
        m.put("kern.elf64.fallback_brand", "-1");
        m.put("kern.elf32.fallback_brand", "-1");
        if (kernel.modules().contains("linux64")) {
            m.put("compat.linux.emul_path", "/compat/linux");
            m.put("compat.linux.osname", "Linux");
            m.put("compat.linux.osrelease", "5.15.0");
        }
        m.putAll(writes);
        return m;
    }

    @Override
    public Outcome run(Command command) {
        Getopt.Result g = Getopt.parse(command.argv().subList(1, command.argv().size()), "nNq");
        if (g.error().isPresent() || g.operands().isEmpty()) {
            return Outcome.fail(1, g.error().map(e -> "sysctl: " + e + "\n").orElse("") + USAGE);
        }
        boolean valueOnly = g.options().containsKey('n');
        boolean nameOnly = g.options().containsKey('N');
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int status = 0;
        for (String op : g.operands()) {
            int eq = op.indexOf('=');
            String name = eq < 0 ? op : op.substring(0, eq);
            Map<String, String> mibs = mibs();
            if (mibs.keySet().stream().noneMatch(k -> k.equals(name) || k.startsWith(name + "."))) {
                if (!g.options().containsKey('q')) {
                    err.append("sysctl: unknown oid '").append(name).append("'\n");
                }
                status = 1;
                continue;
            }
            if (eq >= 0) {
                if (!WRITABLE.contains(name)) {
                    err.append("sysctl: oid '").append(name).append("' is read only\n");
                    status = 1;
                    continue;
                }
                String value = op.substring(eq + 1);
                if (!value.matches("-?\\d+")) {
                    err.append("sysctl: invalid integer '").append(value).append("'\n");
                    status = 1;
                    continue;
                }
                out.append(valueOnly ? value : name + ": " + mibs.get(name) + " -> " + value).append('\n');
                writes.put(name, value);
                continue;
            }
            for (Map.Entry<String, String> e : mibs.entrySet()) {
                if (e.getKey().equals(name) || e.getKey().startsWith(name + ".")) {
                    out.append(nameOnly ? e.getKey() : valueOnly ? e.getValue() : e.getKey() + ": " + e.getValue())
                            .append('\n');
                }
            }
        }
        return new Outcome(status, out.toString(), err.toString());
    }
}
