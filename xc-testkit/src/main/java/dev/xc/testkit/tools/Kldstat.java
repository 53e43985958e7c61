package dev.xc.testkit.tools;

import dev.xc.api.spi.Command;
import dev.xc.testkit.SimulatedHost.Outcome;
import dev.xc.testkit.SimulatedHost.Tool;
import dev.xc.testkit.kernel.SimulatedKernel;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kldstat [-dhqv] [-i id] [-n filename]} and {@code kldstat [-dq] [-m modname]} (sbin/kldstat,
 * freebsd-facts.md 8.2): {@code -q -n FILE} / {@code -q -m MOD} exit 0 when loaded and 1 otherwise, printing nothing;
 * without {@code -q} the header and one line, or {@code kldstat: can't find file FILE: No such file or directory}.
 * File and module names differ ({@code linux64} is the module {@code linux64elf}).
 */
public final class Kldstat implements Tool {

    static final String USAGE = "usage: kldstat [-dhqv] [-i id] [-n filename]\n       kldstat [-dq] [-m modname]\n";
    private static final Map<String, String> MODULE_OF_FILE = Map.of("linux64", "linux64elf", "linux", "linuxelf",
            "zfs", "zfsctrl", "pf", "pf", "if_epair", "if_epair", "if_bridge", "if_bridge", "dtraceall", "dtraceall",
            "linux_common", "linuxcommon", "kernel", "kernel");

    private final SimulatedKernel kernel;

    public Kldstat(SimulatedKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public Outcome run(Command command) {
        Getopt.Result g = Getopt.parse(command.argv().subList(1, command.argv().size()), "dhi:m:n:qv");
        if (g.error().isPresent() || !g.operands().isEmpty()
                || (g.options().containsKey('m') && (g.options().containsKey('n') || g.options().containsKey('i')))) {
            return Outcome.fail(1, g.error().map(e -> "kldstat: " + e + "\n").orElse("") + USAGE);
        }
        boolean quiet = g.options().containsKey('q');
        List<String> files = kernel.modules().stream().sorted().toList();
        String header = "Id Refs Address                Size Name\n";
        if (g.options().containsKey('n')) {
            String file = g.options().get('n').replaceFirst("\\.ko$", "");
            if (!files.contains(file)) {
                return quiet ? Outcome.fail(1, "")
                        : Outcome.fail(1, "kldstat: can't find file " + g.options().get('n')
                        + ": No such file or directory\n");
            }
            return quiet ? Outcome.ok("") : Outcome.ok(header + line(files.indexOf(file), file));
        }
        if (g.options().containsKey('m')) {
            String mod = g.options().get('m');
            Optional<String> file = files.stream().filter(f -> MODULE_OF_FILE.getOrDefault(f, f).equals(mod))
                    .findFirst();
            if (file.isEmpty()) {
                return quiet ? Outcome.fail(1, "")
                        : Outcome.fail(1, "kldstat: can't find module " + mod + ": No such file or directory\n");
            }
            return quiet ? Outcome.ok("") : Outcome.ok("Id  Refs Name\n" + String.format("%3d %4d %s%n",
                    files.indexOf(file.get()) + 1, 1, mod));
        }
        StringBuilder out = new StringBuilder(header);
        for (int i = 0; i < files.size(); i++) {
            out.append(line(i, files.get(i)));
        }
        return Outcome.ok(out.toString());
    }

    private static String line(int index, String file) {
        return String.format("%2d %4d 0xffffffff%08x %8x %s%n", index + 1, 1, 0x80200000L + index * 0x100000L,
                0x10000 + index * 0x1000, file.equals("kernel") ? "kernel" : file + ".ko");
    }
}
