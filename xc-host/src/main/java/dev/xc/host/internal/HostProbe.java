package dev.xc.host.internal;

import dev.xc.api.XcException;
import dev.xc.api.image.Platform;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.CommandRunner;
import dev.xc.api.spi.HostInfo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.function.Predicate;

/**
 * Learns the facts of {@link HostInfo} about the machine it runs on, truthfully: a Linux or macOS host is reported as
 * what it is, never as FreeBSD, and a feature is reported only when it was seen.
 *
 * <p>Everywhere: the kernel name, release and machine from the JVM's {@code os.name}, {@code os.version} and
 * {@code os.arch} (which the JDK reads from {@code uname}); the architecture is turned into its OCI name with
 * {@link Platform#normaliseArch(String)}. On FreeBSD it also runs
 * <ul>
 *   <li>{@code sysctl -n kern.osreldate} for the release date number;</li>
 *   <li>{@code kldstat -v} for the loaded kld files and the modules they contain (falling back to
 *       {@code kldstat -q -m NAME} per needed module when the listing cannot be read);</li>
 *   <li>{@code sysctl -n kern.features.vimage} for VNET support;</li>
 * </ul>
 * and looks for the {@code zfs} and {@code pfctl} tools ({@code /sbin/zfs}, {@code /sbin/pfctl} unless a tool path is
 * configured). A tool that fails or prints something unexpected makes the fact it was asked for absent or false;
 * probing never throws. Elsewhere, FreeBSD facts stay empty and false: {@code kernelModules} names FreeBSD klds
 * only.
 *
 * <p>The inputs (runner, JVM properties, file check, tool paths) are injected so that the FreeBSD branch can be tested
 * on any machine with captured output. Thread-safe when its inputs are.
 */
public final class HostProbe {

    /** How long each probing command may take. */
    static final Duration TOOL_TIMEOUT = Duration.ofSeconds(10);

    private final CommandRunner runner;
    private final Map<String, String> properties;
    private final Predicate<Path> executable;
    private final Map<String, Path> toolPaths;

    /**
     * @param runner runs {@code sysctl} and {@code kldstat} (on FreeBSD only)
     * @param properties the JVM properties {@code os.name}, {@code os.version}, {@code os.arch}
     * @param executable whether a file exists and may be executed (usually {@code Files::isExecutable})
     * @param toolPaths configured paths of {@code zfs} and {@code pfctl}, if not the defaults
     */
    public HostProbe(CommandRunner runner, Map<String, String> properties, Predicate<Path> executable,
                     Map<String, Path> toolPaths) {
        this.runner = runner;
        this.properties = Map.copyOf(properties);
        this.executable = executable;
        this.toolPaths = Map.copyOf(toolPaths);
    }

    /** The JVM properties {@link HostProbe} reads, taken from {@link System#getProperties()}. */
    public static Map<String, String> jvmProperties() {
        return Map.of("os.name", System.getProperty("os.name", ""),
                "os.version", System.getProperty("os.version", ""),
                "os.arch", System.getProperty("os.arch", ""));
    }

    /** Probes the host. Runs a few short commands on FreeBSD, none elsewhere. Never throws for a failed probe. */
    public HostInfo probe() {
        String osName = properties.getOrDefault("os.name", "");
        String release = properties.getOrDefault("os.version", "");
        String arch = Platform.normaliseArch(properties.getOrDefault("os.arch", "").toLowerCase(Locale.ROOT));
        if (!osName.equals("FreeBSD")) {
            return new HostInfo(osName.isEmpty() ? "unknown" : osName, release, Optional.empty(), arch, Set.of(),
                    false, false, false, false, false);
        }
        Optional<Integer> osreldate = output("sysctl", "-n", "kern.osreldate")
                .flatMap(out -> parsed(() -> FreeBsdOutput.parseOsreldate(out)));
        Set<String> modules = output("kldstat", "-v")
                .flatMap(out -> parsed(() -> FreeBsdOutput.parseKldstat(out)))
                .orElseGet(this::modulesOneByOne);
        boolean vnet = output("sysctl", "-n", "kern.features.vimage")
                .flatMap(out -> parsed(() -> FreeBsdOutput.parseFeature("kern.features.vimage", out)))
                .orElse(false);
        boolean zfs = modules.contains("zfs") && executable.test(tool("zfs", "/sbin/zfs"));
        boolean pf = modules.contains("pf") && executable.test(tool("pfctl", "/sbin/pfctl"));
        boolean linux = modules.contains("linux64") || modules.contains("linux64elf");
        return new HostInfo(osName, release, osreldate, arch, modules, zfs, pf, vnet, linux, false);
    }

    /** The fallback when {@code kldstat -v} cannot be read: asks about each module a fact depends on. */
    private Set<String> modulesOneByOne() {
        LinkedHashSet<String> found = new LinkedHashSet<>();
        for (String module : new String[] {"zfs", "pf", "linux64elf"}) {
            Optional<CommandResult> r = result("kldstat", "-q", "-m", module);
            if (r.isPresent() && r.get().ok()) {
                found.add(module);
            }
        }
        return found;
    }

    private Path tool(String name, String defaultPath) {
        return toolPaths.getOrDefault(name, Path.of(defaultPath));
    }

    private Optional<String> output(String... argv) {
        return result(argv).filter(CommandResult::ok).map(CommandResult::stdoutText);
    }

    private Optional<CommandResult> result(String... argv) {
        try {
            return Optional.of(runner.run(Command.of(argv).withTimeout(TOOL_TIMEOUT)));
        } catch (XcException e) {
            return Optional.empty();
        }
    }

    private static <T> Optional<T> parsed(java.util.function.Supplier<T> parse) {
        try {
            return Optional.of(parse.get());
        } catch (XcException e) {
            return Optional.empty();
        }
    }
}
