package dev.xc.engine.internal.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.Problem;
import dev.xc.api.XcException;
import dev.xc.api.container.CopyFile;
import dev.xc.api.container.DatasetParam;
import dev.xc.api.container.JailParam;
import dev.xc.api.container.PlanStep;
import dev.xc.api.container.RunPlan;
import dev.xc.api.container.RunRequest;
import dev.xc.api.container.VolumeMount;
import dev.xc.api.image.EntryPoint;
import dev.xc.api.image.ImageInfo;
import dev.xc.api.image.Interpolation;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.SpecialMount;
import dev.xc.api.image.SysvMode;
import dev.xc.api.image.VolumeSpec;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.DnsSetting;
import dev.xc.api.net.IpAssignment;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.net.NetworkInfo;
import dev.xc.api.net.NetworkRequest;
import dev.xc.api.net.NetworkSpec;
import dev.xc.api.net.PortPublish;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.DevfsFeature;
import dev.xc.api.spi.DevfsFinding;
import dev.xc.api.spi.DevfsPlan;
import dev.xc.api.spi.DevfsRequest;
import dev.xc.api.spi.MountSpec;
import dev.xc.engine.internal.volume.VolumeStore;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a {@link RunRequest} into a {@link Blueprint} and the {@link RunPlan} that {@code xc run --dry-run} prints,
 * running every check before a run and collecting all problems instead of stopping at the first. Reads the state
 * database, the image store and the backends' own plans; changes nothing. Thread-safe.
 */
final class Planner {

    /** A blueprint and its human plan. */
    record Planned(Blueprint blueprint, RunPlan plan) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Context ctx;
    private final ContainerStore store;

    Planner(Context ctx, ContainerStore store) {
        this.ctx = ctx;
        this.store = store;
    }

    /** A fresh container id: 12 lower-case hex characters, unused in the database. */
    String newId() {
        while (true) {
            byte[] b = new byte[6];
            RANDOM.nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            if (store.find(id).isEmpty() && store.findByName("xc-" + id).isEmpty()) {
                return id;
            }
        }
    }

    Planned plan(RunRequest req) {
        return plan(req, newId());
    }

    Planned plan(RunRequest req, String id) {
        List<Problem> problems = new ArrayList<>();
        List<String> approvals = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<PlanStep> steps = new ArrayList<>();
        if (ctx.jails().isEmpty()) {
            problems.add(Problem.of(ErrorCode.HOST_UNSUPPORTED, "no jail runtime on this host: " + ctx.jailsMissing(),
                    "run xc on FreeBSD (as root), or talk to an xcd that runs there with -s SOCKET"));
        }
        ImageInfo image;
        try {
            image = ctx.images().apply(req.image());
        } catch (XcException e) {
            problems.add(Problem.of(e.code(), e.getMessage(), e.hint()));
            return new Planned(emptyBlueprint(id, req), new RunPlan(req, steps, problems, warnings));
        }
        JailConfig cfg = image.config();
        String name = req.name().orElse("xc-" + id);
        String hostname = req.hostname().orElse(name);
        String chain = image.chainId().map(Object::toString).orElse("");
        steps.add(new PlanStep("image", "use image " + req.image(), details("reference", req.image().toString(),
                "digest", image.digest().toString(), "platform", image.platform().toString())));

        // identity
        store.findByName(name).ifPresent(r -> problems.add(Problem.of(ErrorCode.NAME_IN_USE,
                "container name '" + name + "' is already used by container " + r.id(),
                "choose another --name, or remove the other container with 'xc rm " + name + "'")));
        ctx.jails().flatMap(j -> j.find(name)).filter(j -> store.findByName(name).isEmpty())
                .ifPresent(j -> problems.add(Problem.of(ErrorCode.NAME_IN_USE, "a jail named '" + name
                        + "' already exists on this host (jid " + j.jid() + ")", "choose another --name")));

        // host features
        boolean linux = cfg.linux();
        boolean vnet = req.vnet() || cfg.vnet();
        if (linux && !ctx.host().info().linuxAbi()) {
            problems.add(Problem.of(ErrorCode.HOST_UNSUPPORTED,
                    "Linux image require linux64 kmod but it is missing from the system",
                    "load the Linuxulator: kldload linux64 (and linux_enable=YES in rc.conf)"));
        }
        if (vnet && !ctx.host().info().vnet()) {
            problems.add(Problem.of(ErrorCode.HOST_UNSUPPORTED, "VNET is requested"
                    + (req.vnet() ? " (--vnet)" : " (by the image)") + " but this host's kernel has no VNET",
                    "use a kernel with options VIMAGE (GENERIC since 12.0), or run without --vnet"));
        }

        // environment
        Map<String, String> supplied = new LinkedHashMap<>(req.env());
        for (DatasetParam d : req.datasets()) {
            d.envVar().ifPresent(v -> supplied.put(v, d.dataset()));
        }
        problems.addAll(cfg.missingEnvs(supplied));
        for (String k : req.env().keySet()) {
            if (!cfg.envs().containsKey(k) && !(k.equals("TERM") && req.tty())) { // -t passes the client's TERM
                warnings.add("environment variable " + k + " is not declared by the image");
            }
        }
        Map<String, String> env = cfg.environmentWithDefaults(supplied);

        // mounts: special mounts, then volumes
        List<MountSpec> mounts = new ArrayList<>();
        for (SpecialMount sm : cfg.specialMounts()) {
            mounts.add(new MountSpec(sm.mountType(), sm.mountType(), sm.mountPoint(), List.of()));
        }
        if (linux) {
            if (mounts.stream().noneMatch(m -> m.target().equals("/proc"))) {
                mounts.add(new MountSpec("linprocfs", "linprocfs", "/proc", List.of()));
            }
            if (mounts.stream().noneMatch(m -> m.target().equals("/sys"))) {
                mounts.add(new MountSpec("linsysfs", "linsysfs", "/sys", List.of()));
            }
        }
        Set<String> satisfied = new HashSet<>();
        for (VolumeMount v : req.volumes()) {
            Optional<Map.Entry<String, VolumeSpec>> spec = cfg.mounts().entrySet().stream()
                    .filter(e -> e.getKey().equals(v.destination()) || e.getValue().destination().equals(v.destination()))
                    .findFirst();
            if (v.isImageVolumeKey() && spec.isEmpty()) {
                problems.add(Problem.of(ErrorCode.INVALID_ARGUMENT, "volume destination '" + v.destination()
                        + "' is neither an absolute path nor a volume of the image (" + cfg.mounts().keySet() + ")",
                        "mount on an absolute path, or on one of the image's volumes"));
                continue;
            }
            spec.ifPresent(e -> satisfied.add(e.getKey()));
            String target = spec.map(e -> e.getValue().destination()).orElse(v.destination());
            boolean ro = v.readOnly() || spec.map(e -> e.getValue().readOnly()).orElse(false);
            Optional<Path> named = Optional.empty();
            if (!v.isHostPath()) {
                named = new VolumeStore(ctx.store()).find(v.source()).map(VolumeStore.Row::device);
                if (named.isEmpty()) {
                    problems.add(Problem.of(ErrorCode.VOLUME_NOT_FOUND, "no such volume " + v.source(),
                            "create it with 'xc volume create " + v.source() + "', or mount a host directory, e.g. "
                                    + "-v /srv/" + v.source() + ":" + v.destination()));
                    continue;
                }
            }
            Path src = named.orElseGet(() -> Path.of(v.source()));
            if (!src.isAbsolute() || !Files.exists(src)) {
                problems.add(Problem.of(ErrorCode.VOLUME_NOT_FOUND, "source mount point does not exist: " + src,
                        "create it, or give an existing absolute host path"));
                continue;
            }
            mounts.add(new MountSpec("nullfs", src.toString(), target, ro ? List.of("ro") : List.of()));
        }
        cfg.mounts().forEach((key, spec) -> {
            if (!satisfied.contains(key) && !spec.required()) {
                warnings.add("volume '" + key + "' of the image (" + spec.destination() + ") is not mounted: what the "
                        + "container writes there stays in its root; mount one with -v NAME:" + key);
            }
        });
        for (String key : cfg.requiredMounts()) {
            if (!satisfied.contains(key)) {
                problems.add(Problem.of(ErrorCode.MISSING_VOLUME, "Required volume \"" + key + "\" is not mounted"
                        + descriptionOf(cfg.mounts().get(key)), "mount it with -v SOURCE:" + key));
            }
        }

        // devfs
        Set<DevfsFeature> features = EnumSet.noneOf(DevfsFeature.class);
        if (req.usdt()) {
            features.add(DevfsFeature.USDT);
        }
        if (req.enablePf()) {
            features.add(DevfsFeature.PF);
        }
        String rulesetText = "(default ruleset of the devfs mount)";
        if (ctx.devfs().isPresent()) {
            DevfsRequest dr = devfsRequest(id, image.digest().toString(), cfg.devfsRules(), env, vnet,
                    features.stream().map(Enum::name).toList(), req.approvedDevfsRules());
            try {
                DevfsPlan dp = ctx.devfs().get().plan(dr);
                for (DevfsFinding f : dp.unapproved()) {
                    approvals.add(f.rule());
                    problems.add(Problem.of(ErrorCode.APPROVAL_REQUIRED, "devfs rule '" + f.rule()
                            + "' of the image needs approval: " + f.reason(),
                            "if you trust the image, approve it with --allow-devfs-rule \"" + f.rule() + "\""));
                }
                rulesetText = dp.existingRuleset().map(n -> "shared ruleset " + n).orElse("a new ruleset");
                Map<String, String> d = new LinkedHashMap<>();
                d.put("ruleset", rulesetText);
                for (int i = 0; i < dp.rules().size(); i++) {
                    d.put("rule." + i, dp.rules().get(i));
                }
                steps.add(new PlanStep("devfs", "acquire " + rulesetText + " for /dev", d));
            } catch (XcException e) {
                problems.add(Problem.of(e.code(), e.getMessage(), e.hint()));
            }
        } else if (!cfg.devfsRules().isEmpty() || !features.isEmpty()) {
            warnings.add("no devfs backend is configured: the image's devfs rules, --usdt and --enable-pf have no "
                    + "effect");
        }

        // networks
        Set<String> hostIfaces = hostInterfaces();
        List<Blueprint.NetPlan> nets = new ArrayList<>();
        for (NetworkRequest n : req.networks()) {
            NetworkInfo info;
            try {
                info = ctx.networks().get(n.network());
            } catch (XcException e) {
                problems.add(Problem.of(e.code(), e.getMessage(), e.hint()));
                continue;
            }
            NetworkSpec spec = info.spec();
            Optional<String> iface = vnet ? spec.bridgeInterface() : spec.aliasInterface();
            if (iface.isEmpty()) {
                problems.add(Problem.of(ErrorCode.INVALID_CONFIG, "network " + n.network() + " has no "
                        + (vnet ? "bridge interface for VNET" : "alias interface for non-VNET") + " containers",
                        "recreate it with --" + (vnet ? "bridge" : "alias") + " IFACE"));
                continue;
            }
            if (!hostIfaces.isEmpty() && !hostIfaces.contains(iface.get())) {
                problems.add(Problem.of(ErrorCode.INTERFACE_NOT_FOUND, "missing network interface " + iface.get()
                        + " (of network " + n.network() + ")", "create it, e.g. ifconfig " + iface.get() + " create"));
            }
            String addr = "";
            if (n.address().isPresent()) {
                InetAddress a = n.address().get();
                addr = IpLiteral.format(a);
                if (!spec.subnet().contains(a)) {
                    problems.add(Problem.of(ErrorCode.INVALID_ARGUMENT, addr + " is not in the subnet of "
                            + n.network() + " (" + spec.subnet() + ")", "pick an address from " + spec.subnet()));
                } else {
                    String text = addr;
                    store.addressHolder(n.network(), addr).ifPresent(h -> problems.add(Problem.of(
                            ErrorCode.ADDRESS_IN_USE, "address " + text + " already consumed on network "
                                    + n.network() + " by container " + h,
                            "pick another address, or omit it to get the next free one")));
                }
            }
            nets.add(new Blueprint.NetPlan(n.network(), addr, iface.get()));
            steps.add(new PlanStep("address", "allocate " + (addr.isEmpty() ? "the next free address" : addr)
                    + " in network " + n.network(), details("network", n.network(), "subnet",
                    spec.subnet().toString(), "address", addr.isEmpty() ? "(next free)" : addr, "interface",
                    iface.get())));
        }
        for (IpAssignment ip : req.ipAssignments()) {
            if (!hostIfaces.isEmpty() && !hostIfaces.contains(ip.iface())) {
                problems.add(Problem.of(ErrorCode.INTERFACE_NOT_FOUND, "missing network interface " + ip.iface(),
                        "use an interface of this host (ifconfig -l lists them)"));
            }
        }
        if (vnet) {
            Vnet.checkMoves(req.ipAssignments(), nets, problems);
        }

        // ports
        for (PortPublish p : req.publish()) {
            for (ContainerStore.Row other : store.all()) {
                if (other.state().equals("exited") || other.state().equals("faulted")) {
                    continue;
                }
                for (String o : other.published()) {
                    if (PortPublish.parse(o).overlaps(p)) {
                        problems.add(Problem.of(ErrorCode.PORT_IN_USE, "port " + p + " is already published by "
                                + "container " + other.name() + " (" + o + ")", "publish another host port"));
                    }
                }
            }
        }
        if (!req.publish().isEmpty() && ctx.firewall().isEmpty()) {
            warnings.add("no firewall backend is configured: published ports are not redirected");
        }

        // things this engine does not do yet
        if (!req.taps().isEmpty() || !req.tuns().isEmpty()) {
            problems.add(Problem.of(ErrorCode.NOT_IMPLEMENTED, "--tap and --tun are not supported by this engine "
                    + "yet", "leave them out"));
        }
        if (!req.extraLayers().isEmpty()) {
            problems.add(Problem.of(ErrorCode.NOT_IMPLEMENTED, "--extra-layer is not supported by this engine yet",
                    "build an image with the layer instead"));
        }
        req.healthCheck().ifPresent(h -> warnings.add("health checks are not run by this engine yet"));
        for (CopyFile cf : req.copies()) {
            if (!Files.isRegularFile(cf.source())) {
                problems.add(Problem.of(ErrorCode.INVALID_ARGUMENT, "--copy source " + cf.source()
                        + " is not a regular file", "give an existing file"));
            }
        }

        // jail parameters
        Map<String, String> params = new LinkedHashMap<>();
        if (vnet) {
            params.put("vnet", "new");
        }
        for (String a : cfg.allow()) {
            params.put("allow." + a, "1");
        }
        if (!req.datasets().isEmpty()) {
            params.put("allow.mount", "1");
            params.put("allow.mount.zfs", "1");
        }
        params.put("enforce_statfs", req.datasets().isEmpty() ? "2" : "1");
        if (req.childrenMax() > 0) {
            params.put("children.max", Integer.toString(req.childrenMax()));
        }
        if (cfg.secureLevel() > 0) {
            params.put("securelevel", Integer.toString(cfg.secureLevel()));
        }
        sysv(params, "sysvmsg", cfg.sysvMsg());
        sysv(params, "sysvshm", cfg.sysvShm());
        sysv(params, "sysvsem", cfg.sysvSem());
        cfg.osrelease().ifPresent(v -> params.put("osrelease", v));
        cfg.osreldate().ifPresent(v -> params.put("osreldate", Integer.toString(v)));
        if (linux) {
            params.put("linux", "new");
            cfg.linuxOsname().ifPresent(v -> params.put("linux.osname", v));
            cfg.linuxOsrelease().ifPresent(v -> params.put("linux.osrelease", v));
            cfg.linuxOssVersion().filter(v -> v.matches("[0-9]{1,9}")).ifPresent(v -> params.put("linux.oss_version", v));
        }
        for (JailParam jp : req.jailParams()) {
            if (jp.isReserved()) {
                warnings.add("jail parameter " + jp.key() + " is set by the engine; -o " + jp + " was left out ("
                        + jp.reservedHint().orElse("") + ")");
            } else {
                params.put(jp.key(), jp.value());
            }
        }

        // processes
        List<Blueprint.ProcessPlan> procs = new ArrayList<>();
        for (int i = 0; i < cfg.init().size(); i++) {
            process(problems, procs, "init." + i, cfg.init().get(i), List.of(), env, Optional.empty(),
                    Optional.empty(), false);
        }
        boolean wantMain = !req.isCreate() || req.entryPoint().isPresent()
                || cfg.defaultEntryPoint().isPresent() || cfg.entryPoints().containsKey(JailConfig.MAIN);
        if (wantMain) {
            try {
                EntryPoint ep = cfg.selectEntryPoint(req.entryPoint());
                process(problems, procs, "main", ep, req.args(), env, req.user(), req.workDir(), req.tty());
            } catch (XcException e) {
                problems.add(Problem.of(e.code(), e.getMessage(), e.hint()));
            }
        }
        for (int i = 0; i < cfg.deinit().size(); i++) {
            process(problems, procs, "deinit." + i, cfg.deinit().get(i), List.of(), env, Optional.empty(),
                    Optional.empty(), false);
        }

        String resolv = switch (req.dns()) {
            case DnsSetting.Nop n -> "nop";
            case DnsSetting.Inherit i -> "inherit";
            case DnsSetting.Specified s -> "specified:" + s.resolvConf();
        };
        List<String> rctl = req.limits().rules(name);
        Blueprint bp = new Blueprint(id, name, hostname, req.image().toString(), image.digest().toString(), chain,
                vnet, linux, req.persist(), req.noClean(), req.restart().toString(), params, mounts,
                cfg.devfsRules(), features.stream().map(Enum::name).toList(), req.approvedDevfsRules(), nets,
                req.ipAssignments().stream().map(IpAssignment::toString).toList(),
                req.publish().stream().map(PortPublish::toString).toList(),
                req.mainAddress().map(Object::toString).orElse(""), resolv,
                req.copies().stream().map(CopyFile::toString).toList(),
                req.datasets().stream().map(DatasetParam::toString).toList(), rctl, env, procs, req.netGroups());
        describe(bp, steps, rulesetText);
        return new Planned(bp, new RunPlan(req, steps, problems, warnings, approvals));
    }

    private static String descriptionOf(VolumeSpec spec) {
        return spec == null || spec.description().isEmpty() ? "" : " - " + spec.description();
    }

    private static void sysv(Map<String, String> params, String key, SysvMode mode) {
        if (mode != SysvMode.DISABLE) {
            params.put(key, mode.id());
        }
    }

    static DevfsRequest devfsRequest(String owner, String digest, List<String> imageRules, Map<String, String> env,
                                     boolean vnet, List<String> features, List<String> approved) {
        Set<DevfsFeature> f = EnumSet.noneOf(DevfsFeature.class);
        features.forEach(n -> f.add(DevfsFeature.valueOf(n)));
        return new DevfsRequest(owner, digest.isEmpty() ? Optional.empty() : Optional.of(digest), imageRules, env,
                vnet, f, List.of(), approved);
    }

    /** The host's interfaces ({@code ifconfig -l}); empty when they cannot be listed (then nothing is checked). */
    private Set<String> hostInterfaces() {
        if (ctx.jails().isEmpty()) {
            return Set.of();
        }
        try {
            CommandResult r = ctx.host().commands().run(Command.of("ifconfig", "-l"));
            return r.ok() ? Set.of(r.stdoutText().strip().split("\\s+")) : Set.of();
        } catch (XcException e) {
            return Set.of();
        }
    }

    private static void process(List<Problem> problems, List<Blueprint.ProcessPlan> out, String label, EntryPoint ep,
                                List<String> userArgs, Map<String, String> env, Optional<String> user,
                                Optional<String> workDir, boolean console) {
        for (String missing : ep.missingEnvs(env)) {
            problems.add(Problem.of(ErrorCode.MISSING_ENV, "missing required environment variable " + missing
                    + " (needed by " + label + ": " + ep.exec() + ")", "set it with -e " + missing + "=VALUE"));
        }
        if (!ep.missingEnvs(env).isEmpty()) {
            return;
        }
        try {
            List<String> argv = new ArrayList<>();
            argv.add(ep.exec());
            argv.addAll(ep.resolveArguments(userArgs, env));
            Map<String, String> own = new LinkedHashMap<>();
            Map<String, String> scope = new LinkedHashMap<>(ep.clearEnv() ? Map.of() : env);
            ep.environ().forEach((k, v) -> {
                String value = Interpolation.parse(v).apply(scope);
                own.put(k, value);
                scope.put(k, value);
            });
            out.add(new Blueprint.ProcessPlan(label, argv, own, ep.clearEnv(), workDir.or(ep::workDir).orElse(""),
                    user.or(ep::user).orElse(""), console));
        } catch (XcException e) {
            problems.add(Problem.of(e.code(), label + ": " + e.getMessage(), e.hint()));
        }
    }

    /** Adds the steps that follow from the blueprint, in apply order. */
    private void describe(Blueprint bp, List<PlanStep> steps, String ruleset) {
        List<PlanStep> out = new ArrayList<>();
        out.add(new PlanStep("rootfs", "clone the root file system of container " + bp.id(),
                details("from", bp.chainId().isEmpty() ? "(empty root)" : bp.chainId(), "storage",
                        ctx.storage().getClass().getSimpleName())));
        Map<String, String> jail = new LinkedHashMap<>();
        jail.put("name", bp.name());
        jail.put("host.hostname", bp.hostname());
        jail.put("path", "(the container root)");
        jail.put("persist", "true");
        if (!bp.vnet()) {
            List<String> v4 = new ArrayList<>();
            List<String> v6 = new ArrayList<>();
            for (Blueprint.NetPlan n : bp.networks()) {
                String a = n.address().isEmpty() ? "(next free in " + n.network() + ")" : n.address();
                (n.address().contains(":") ? v6 : v4).add(a);
            }
            for (String ip : bp.ips()) {
                for (Cidr c : IpAssignment.parse(ip).addresses()) {
                    (c.address() instanceof Inet4Address ? v4 : v6).add(IpLiteral.format(c.address()));
                }
            }
            if (!v4.isEmpty()) {
                jail.put("ip4.addr", String.join(",", v4));
            }
            if (!v6.isEmpty()) {
                jail.put("ip6.addr", String.join(",", v6));
            }
        }
        jail.put("devfs_ruleset", ruleset);
        jail.putAll(bp.jailParams());
        out.add(new PlanStep("jail", "create jail " + bp.name(), jail));
        if (bp.vnet()) {
            Vnet.describe(bp, n -> ctx.networks().get(n).spec().defaultRouter(), out);
        }
        out.add(new PlanStep("mount", "mount devfs on /dev", details("fs", "devfs", "target", "/dev",
                "options", "ruleset=(the devfs ruleset)")));
        for (MountSpec m : bp.mounts()) {
            out.add(new PlanStep("mount", "mount " + m.fsType() + " " + m.source() + " on " + m.target(),
                    details("fs", m.fsType(), "source", m.source(), "target", m.target(), "options",
                            m.options().isEmpty() ? "rw" : String.join(",", m.options()))));
        }
        for (String d : bp.datasets()) {
            out.add(new PlanStep("dataset", "jail dataset " + DatasetParam.parse(d).dataset(),
                    details("dataset", DatasetParam.parse(d).dataset())));
        }
        for (String r : bp.rctl()) {
            out.add(new PlanStep("rctl", "limit resources: " + r, details("rule", r)));
        }
        if (ctx.firewall().isPresent()) {
            for (Blueprint.NetPlan n : bp.networks()) {
                out.add(new PlanStep("pf-table", "add the address to table xc:network:" + n.network(),
                        details("table", "xc:network:" + n.network())));
            }
            for (String p : bp.publish()) {
                PortPublish pp = PortPublish.parse(p);
                out.add(new PlanStep("rdr", "redirect " + p + " to the main address",
                        details("publish", p, "interfaces", pp.interfaces().isEmpty()
                                ? String.join(",", ctx.extInterfaces()) : String.join(",", pp.interfaces()))));
            }
        }
        switch (bp.resolvConf()) {
            case "nop" -> out.add(new PlanStep("resolv.conf", "leave /etc/resolv.conf as the image has it", Map.of()));
            case "inherit" -> out.add(new PlanStep("resolv.conf", "copy the host's /etc/resolv.conf",
                    details("source", "/etc/resolv.conf")));
            default -> out.add(new PlanStep("resolv.conf", "write /etc/resolv.conf",
                    details("content", bp.resolvConf().substring("specified:".length()))));
        }
        out.add(new PlanStep("hosts", "write /etc/hosts with localhost and " + bp.hostname(),
                details("hostname", bp.hostname())));
        for (String c : bp.copies()) {
            out.add(new PlanStep("copy", "copy " + c, details("copy", c)));
        }
        for (String g : bp.netGroups()) {
            out.add(new PlanStep("netgroup", "join netgroup " + g + " and rewrite its members' /etc/hosts",
                    details("netgroup", g)));
        }
        Map<String, String> env = new LinkedHashMap<>(bp.env());
        env.put("XC_ID", bp.id());
        env.put("XC_NETWORKS_COUNT", Integer.toString(bp.networks().size()));
        out.add(new PlanStep("env", "the container environment (XC_MAIN_IP and XC_NETWORK_* follow the allocated "
                + "addresses)", env));
        for (Blueprint.ProcessPlan p : bp.processes()) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("argv", Shell.join(p.argv()));
            if (!p.user().isEmpty()) {
                d.put("user", p.user());
            }
            if (!p.workDir().isEmpty()) {
                d.put("workdir", p.workDir());
            }
            p.env().forEach((k, v) -> d.put("env." + k, v));
            d.put("log", ctx.logsDir().resolve(bp.id() + "." + p.label() + ".log").toString());
            out.add(new PlanStep("process", "start " + p.label() + ": " + Shell.join(p.argv()), d));
        }
        steps.addAll(out);
    }

    private static Map<String, String> details(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Blueprint emptyBlueprint(String id, RunRequest req) {
        String name = req.name().orElse("xc-" + id);
        return new Blueprint(id, name, req.hostname().orElse(name), req.image().toString(), "", "", req.vnet(), false,
                req.persist(), req.noClean(), req.restart().toString(), Map.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), "", "nop", List.of(), List.of(), List.of(), Map.of(),
                List.of(), List.of());
    }
}
