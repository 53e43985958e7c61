package dev.xc.jail.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.JailRuntime;
import dev.xc.api.spi.JailSpec;
import dev.xc.api.spi.JailStatus;
import dev.xc.api.spi.KernelCalls;
import dev.xc.api.spi.KernelParam;
import dev.xc.api.spi.KernelResult;
import dev.xc.api.spi.MountSpec;
import dev.xc.api.spi.ProcessSpec;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.SpawnRequest;
import dev.xc.api.spi.SupervisedProcess;
import dev.xc.jail.JailMount;
import dev.xc.jail.JailParameter;
import dev.xc.jail.JailParameters;
import dev.xc.jail.LinuxJails;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The FreeBSD jail runtime: jails through {@code jail_set}/{@code jail_get}/{@code jail_remove}, mounts through
 * {@code nmount}/{@code unmount} (both from {@link Host#kernel()}), processes through {@code jexec} started by the
 * host's command runner. Mounts made for a jail are remembered in {@code <state>/jails/<name>.mounts} so that a
 * later instance (after a restart) still unmounts them, in reverse, on removal. Thread-safe: operations on one jail
 * name are serialised.
 */
public final class FreeBsdJailBackend implements JailRuntime {

    private final Host host;
    private final KernelCalls kernel;
    private final Path stateDir;

    public FreeBsdJailBackend(ProviderContext context) {
        this.host = context.host();
        this.kernel = host.kernel().orElseThrow(() -> XcException.of(ErrorCode.HOST_UNSUPPORTED,
                "the freebsd-jail backend needs jail_set(2) and nmount(2), which this host ("
                        + host.info().osName() + ") does not have",
                "run xc on FreeBSD, or hand in the simulated FreeBSD host in tests"));
        this.stateDir = context.stateDirectory().resolve("jails");
    }

    @Override
    public synchronized int create(JailSpec spec) {
        List<JailParameter> params = parametersFor(spec);
        if (params.stream().anyMatch(p -> p.name().startsWith("linux"))) {
            LinuxJails.requireAbi(host);
        }
        if (find(spec.name()).isPresent()) {
            throw XcException.of(ErrorCode.NAME_IN_USE, "a jail named '" + spec.name() + "' already exists",
                    "remove it first or choose another name");
        }
        List<JailMount> mounts = new ArrayList<>();
        for (MountSpec m : spec.mounts()) {
            mounts.add(JailMount.of(m, mountPoint(spec.path(), m)));
        }
        List<JailMount> done = new ArrayList<>();
        try {
            for (JailMount m : mounts) {
                prepareMountPoint(m, spec.path());
                kernel.nmount(m.toKernel(), m.flags()).orThrow("mounting " + m);
                done.add(m);
                saveMounts(spec.name(), done);
            }
            List<KernelParam> kp = new ArrayList<>();
            for (JailParameter p : params) {
                kp.add(p.toKernel());
            }
            kp.add(KernelParam.flag("persist"));
            return kernel.jailSet(kp, KernelCalls.JAIL_CREATE).orThrow("creating jail '" + spec.name() + "'")
                    .value();
        } catch (RuntimeException e) {
            for (String problem : unmountReverse(done)) {
                e.addSuppressed(XcException.of(ErrorCode.SYSCALL_FAILED, problem, "unmount it by hand"));
            }
            deleteState(spec.name());
            throw e;
        }
    }

    /** The spec's parameters, typed and validated; {@code name} and {@code path} first, the rest by name. */
    static List<JailParameter> parameters(JailSpec spec) {
        List<JailParameter> out = new ArrayList<>();
        out.add(JailParameter.parse("name", spec.name()));
        out.add(JailParameter.parse("path", spec.path().toString()));
        for (Map.Entry<String, String> e : new TreeMap<>(spec.parameters()).entrySet()) {
            JailParameter p = JailParameter.parse(e.getKey(), e.getValue());
            if (p.name().equals("name") || p.name().equals("path") || p.name().equals("persist")) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "jail parameter '" + p + "' cannot be given "
                                + "in the parameters of jail '" + spec.name() + "'",
                        "name and path come from the spec; xc jails always persist");
            }
            out.add(p);
        }
        return out;
    }

    static List<JailParameter> validated(JailSpec spec, Optional<Integer> osreldate) {
        List<JailParameter> p = parameters(spec);
        JailParameters.validate(p, osreldate);
        return p;
    }

    private List<JailParameter> parametersFor(JailSpec spec) {
        return validated(spec, host.info().osreldate());
    }

    private static Path mountPoint(Path root, MountSpec m) {
        String target = m.target();
        Path rel = Path.of(target.startsWith("/") ? target.substring(1) : target).normalize();
        if (rel.startsWith("..") || rel.isAbsolute()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "mount target '" + target + "' leaves the jail root",
                    "give a path inside the jail, e.g. /data");
        }
        return root.resolve(rel);
    }

    /** Refuses symbolic links on the way (jail(8) does too) and creates a missing mount point. */
    private static void prepareMountPoint(JailMount m, Path root) {
        Path p = root;
        for (Path part : root.relativize(m.fspath())) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                        "mount point " + m.fspath() + " is not allowed: " + p + " is a symbolic link",
                        "mount on a real directory inside the jail; a link could point outside it");
            }
        }
        try {
            if (m.fsType().equals("nullfs") && Files.isRegularFile(Path.of(m.source()))) {
                if (!Files.exists(m.fspath(), LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(m.fspath().getParent());
                    Files.createFile(m.fspath());
                }
            } else if (!Files.exists(m.fspath(), LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(m.fspath());
            }
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot create mount point " + m.fspath() + ": " + e.getMessage(),
                    "check the jail root's permissions", e);
        }
    }

    @Override
    public Optional<JailStatus> find(String name) {
        KernelResult r = kernel.jailGet(List.of(KernelParam.text("name", name),
                KernelParam.out("path", KernelParam.Value.Kind.STRING, 1024)), 0);
        if (r.failedWith("ENOENT")) {
            return Optional.empty();
        }
        r.orThrow("looking up jail '" + name + "'");
        return Optional.of(new JailStatus(name, r.value(), Path.of(r.text("path").orElse("/"))));
    }

    @Override
    public List<JailStatus> list() {
        List<JailStatus> out = new ArrayList<>();
        int last = 0;
        while (true) {
            KernelResult r = kernel.jailGet(List.of(KernelParam.int32("lastjid", last),
                    KernelParam.out("name", KernelParam.Value.Kind.STRING, 256),
                    KernelParam.out("path", KernelParam.Value.Kind.STRING, 1024)), 0);
            if (r.failedWith("ENOENT")) {
                return List.copyOf(out);
            }
            r.orThrow("listing jails after jid " + last);
            out.add(new JailStatus(r.text("name").orElse(""), r.value(), Path.of(r.text("path").orElse("/"))));
            last = r.value();
        }
    }

    @Override
    public synchronized void remove(String name) {
        Optional<JailStatus> jail = find(name);
        if (jail.isPresent()) {
            KernelResult r = kernel.jailRemove(jail.get().jid());
            if (!r.failedWith("EINVAL")) {
                r.orThrow("removing jail '" + name + "'");
            }
        }
        List<String> problems = unmountReverse(loadMounts(name));
        if (!problems.isEmpty()) {
            throw XcException.of(ErrorCode.SYSCALL_FAILED, "jail '" + name + "' was removed but "
                    + String.join("; ", problems), "unmount them by hand (umount -f) and remove the jail again");
        }
        deleteState(name);
    }

    /** Unmounts in reverse; a mount that is already gone (EINVAL) is fine; busy ones are forced. */
    private List<String> unmountReverse(List<JailMount> mounts) {
        List<String> problems = new ArrayList<>();
        for (JailMount m : mounts.reversed()) {
            KernelResult r = kernel.unmount(m.fspath().toString(), 0);
            if (r.failedWith("EBUSY")) {
                r = kernel.unmount(m.fspath().toString(), KernelCalls.MNT_FORCE);
            }
            if (r.failed() && !r.failedWith("EINVAL") && !r.failedWith("ENOENT")) {
                problems.add("unmounting " + m.fspath() + " failed: " + r.errnoName()
                        + r.kernelMessage().map(t -> " " + t).orElse(""));
            }
        }
        return problems;
    }

    @Override
    public long spawn(String jailName, ProcessSpec process) {
        return start(jailName, process).pid();
    }

    @Override
    public SupervisedProcess start(String jailName, ProcessSpec process) {
        if (find(jailName).isEmpty()) {
            throw XcException.of(ErrorCode.CONTAINER_NOT_FOUND, "no jail named '" + jailName + "'",
                    "create the jail first; jls lists the jails the kernel has");
        }
        SpawnRequest request = new SpawnRequest(Jexec.argv(jailName, process), process.environment(),
                Optional.empty(), process.stdin(), Optional.of(process.stdout()),
                process.console() ? Optional.empty() : Optional.of(process.stderr()), process.console());
        return host.commands().spawn(request);
    }

    private Path stateFile(String name) {
        return stateDir.resolve(name + ".mounts");
    }

    private void saveMounts(String name, List<JailMount> mounts) {
        StringBuilder sb = new StringBuilder();
        for (JailMount m : mounts) {
            sb.append(m.fsType()).append('\t').append(m.source()).append('\t').append(m.fspath()).append('\t')
                    .append(String.join(",", m.options())).append('\n');
        }
        try {
            Files.createDirectories(stateDir);
            Files.writeString(stateFile(name), sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot record the mounts of jail '" + name + "' in "
                    + stateFile(name) + ": " + e.getMessage(), "check the state directory", e);
        }
    }

    private List<JailMount> loadMounts(String name) {
        Path f = stateFile(name);
        if (!Files.exists(f)) {
            return List.of();
        }
        try {
            List<JailMount> out = new ArrayList<>();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String[] c = line.split("\t", -1);
                if (c.length == 4) {
                    out.add(new JailMount(c[0], c[1], Path.of(c[2]),
                            c[3].isEmpty() ? List.of() : List.of(c[3].split(","))));
                }
            }
            return out;
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot read " + f + ": " + e.getMessage(),
                    "check the state directory", e);
        }
    }

    private void deleteState(String name) {
        try {
            Files.deleteIfExists(stateFile(name));
        } catch (IOException e) {
            // the next remove finds nothing mounted and deletes it then
        }
    }
}
