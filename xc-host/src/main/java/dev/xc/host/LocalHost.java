package dev.xc.host;

import dev.xc.api.spi.Host;
import dev.xc.api.spi.HostInfo;
import dev.xc.api.spi.KernelCalls;
import dev.xc.host.internal.HostProbe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The machine this JVM runs on, as a {@link Host}: commands run through a {@link ProcessCommandRunner}, and
 * {@link #info()} reports what the host really is. On FreeBSD that includes {@code kern.osreldate}, the loaded klds
 * (from {@code kldstat -v}), VNET support ({@code kern.features.vimage}) and whether {@code zfs}/{@code pfctl} are
 * usable; on any other system (Linux during development) it reports that system with every FreeBSD feature off. It
 * never pretends to be FreeBSD: tests that need FreeBSD use the simulated host of {@code dev.xc.testkit}.
 *
 * {@snippet :
 * Host host = LocalHost.create();
 * if (host.info().isFreeBsd() && host.info().zfs()) {
 *     host.commands().check(Command.of("zfs", "list", "-H", "-o", "name"));
 * }
 * }
 *
 * <p>Thread-safe. The facts are probed once, on the first call to {@link #info()}, and then kept: load a kld after
 * that and a new {@code LocalHost} sees it.
 */
public final class LocalHost implements Host {

    private final ProcessCommandRunner commands;
    private final HostProbe probe;
    private volatile @Nullable HostInfo info;
    private volatile @Nullable Optional<KernelCalls> kernel;

    private LocalHost(ProcessCommandRunner commands) {
        this.commands = commands;
        this.probe = new HostProbe(commands, HostProbe.jvmProperties(), Files::isExecutable, commands.toolPaths());
    }

    /** The local host, looking programs up on {@code PATH}. */
    public static LocalHost create() {
        return new LocalHost(new ProcessCommandRunner());
    }

    /**
     * The local host with tool-path overrides, e.g. {@code Map.of("zfs", Path.of("/sbin/zfs"))}; see
     * {@link ProcessCommandRunner#ProcessCommandRunner(Map)} and
     * {@link ProcessCommandRunner#toolPathsFromEnvironment(Map)}.
     *
     * @throws dev.xc.api.XcException {@code INVALID_CONFIG} for a bad tool name or a relative path
     */
    public static LocalHost create(Map<String, Path> toolPaths) {
        return new LocalHost(new ProcessCommandRunner(toolPaths));
    }

    /** {@inheritDoc} Probed on the first call (on FreeBSD that runs a few short commands), then cached. */
    @Override
    public HostInfo info() {
        HostInfo known = info;
        if (known == null) {
            synchronized (this) {
                known = info;
                if (known == null) {
                    known = probe.probe();
                    info = known;
                }
            }
        }
        return known;
    }

    /**
     * {@inheritDoc} On FreeBSD: {@link FreeBsdKernel#system()}, bound from the C library on the first call; on any
     * other system empty (the C library has no {@code jail_set}).
     */
    @Override
    public Optional<KernelCalls> kernel() {
        Optional<KernelCalls> known = kernel;
        if (known == null) {
            known = FreeBsdKernel.system().map(k -> (KernelCalls) k);
            kernel = known;
        }
        return known;
    }

    @Override
    public ProcessCommandRunner commands() {
        return commands;
    }

    @Override
    public String toString() {
        return "LocalHost[" + commands + "]";
    }
}
