package dev.xc.testkit.tools;

import dev.xc.api.spi.Command;
import dev.xc.testkit.SimulatedHost.Outcome;
import dev.xc.testkit.SimulatedHost.Tool;
import dev.xc.testkit.kernel.SimulatedKernel;

import java.util.Set;

/**
 * {@code kldload [-nqv] file ...} (sbin/kldload): loads modules the simulated machine has on disk; an unknown file
 * fails with {@code kldload: can't load X: No such file or directory}, a loaded one with
 * {@code kldload: can't load X: module already loaded or in kernel} unless {@code -n}; exit 1 on any failure.
 */
public final class Kldload implements Tool {

    static final String USAGE = "usage: kldload [-nqv] file ...\n";
    /** The modules in /boot/kernel of the simulated machine. */
    public static final Set<String> AVAILABLE = Set.of("linux", "linux64", "linux_common", "zfs", "pf", "if_epair",
            "if_bridge", "dtraceall", "fdescfs", "linprocfs", "linsysfs", "nullfs", "tmpfs", "pty", "vmm");

    private final SimulatedKernel kernel;

    public Kldload(SimulatedKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public Outcome run(Command command) {
        Getopt.Result g = Getopt.parse(command.argv().subList(1, command.argv().size()), "nqv");
        if (g.error().isPresent() || g.operands().isEmpty()) {
            return Outcome.fail(1, g.error().map(e -> "kldload: " + e + "\n").orElse("") + USAGE);
        }
        StringBuilder err = new StringBuilder();
        int status = 0;
        for (String op : g.operands()) {
            String file = op.replaceFirst("\\.ko$", "");
            if (!AVAILABLE.contains(file)) {
                err.append("kldload: can't load ").append(op).append(": No such file or directory\n");
                status = 1;
            } else if (kernel.modules().contains(file)) {
                if (!g.options().containsKey('n')) {
                    err.append("kldload: can't load ").append(op)
                            .append(": module already loaded or in kernel\n");
                    status = 1;
                }
            } else {
                kernel.load(file);
            }
        }
        return new Outcome(status, "", g.options().containsKey('q') ? "" : err.toString());
    }
}
