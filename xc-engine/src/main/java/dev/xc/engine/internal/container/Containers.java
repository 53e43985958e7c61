package dev.xc.engine.internal.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xc.api.ErrorCode;
import dev.xc.api.Problem;
import dev.xc.api.XcException;
import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.ContainerState;
import dev.xc.api.container.CopyFile;
import dev.xc.api.container.DatasetParam;
import dev.xc.api.container.ExecRequest;
import dev.xc.api.container.LogLine;
import dev.xc.api.container.LogOptions;
import dev.xc.api.container.ProcessInfo;
import dev.xc.api.container.RestartPolicy;
import dev.xc.api.container.RunPlan;
import dev.xc.api.container.RunRequest;
import dev.xc.api.container.StopOptions;
import dev.xc.api.event.Event;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;
import dev.xc.api.net.AllocatedAddress;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.IpAssignment;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.net.MainAddressSelector;
import dev.xc.api.net.PortPublish;
import dev.xc.api.net.PortRedirect;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.CommandResult;
import dev.xc.api.spi.DevfsApprover;
import dev.xc.api.spi.DevfsLease;
import dev.xc.api.spi.JailRuntime;
import dev.xc.api.spi.JailSpec;
import dev.xc.api.spi.JailStatus;
import dev.xc.api.spi.MountSpec;
import dev.xc.api.spi.ProcessExit;
import dev.xc.api.spi.ProcessSpec;
import dev.xc.api.spi.Signal;
import dev.xc.api.spi.SupervisedProcess;
import dev.xc.engine.internal.net.Netgroups;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The container service behind the engine's container operations: plan, checks, apply with the undo journal,
 * supervision of the main process (exit status, restart policy, deinit, teardown), kill, remove, exec, logs, listing.
 *
 * <p>Apply order, each step journaled as pending with its undo before it runs and marked done after: allocate
 * addresses, create the root, acquire the devfs ruleset, add host address aliases, create the jail with its mounts,
 * jail datasets, rctl rules, firewall table entries, port redirects, write resolv.conf, hosts and copied files, join
 * the netgroups (the undo leaves every netgroup, also those joined later by {@code xc network tag}), start the
 * processes. A failure undoes every journaled step in reverse (the failed one included: every undo is
 * idempotent), marks the entries undone and forgets the container, so the host is as it was. An {@code apply} entry
 * is open from before the first step until after the last, so that {@link Reconciler} tells an interrupted run from
 * a finished one after a crash.
 *
 * <p>Logs: standard output of process {@code P} of container {@code ID} goes to {@code LOGS/ID.P.log}, standard error
 * to {@code LOGS/ID.P.err.log} ({@code P} is {@code init.N}, {@code main}, {@code deinit.N} or {@code exec-X}).
 *
 * <p>Supervision lives in the engine instance that started the main process; every other fact is in the state
 * database, so another instance lists, kills, removes and execs into the container as well. Thread-safe.
 */
public final class Containers implements AutoCloseable {

    private static final Set<String> ACTIVE = Set.of("starting", "running");
    private static final Set<String> KEPT_ON_NO_CLEAN = Set.of("address", "rootfs", "devfs", "alias", "pf-table",
            "rdr", "files");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Context ctx;
    private final ContainerStore store;
    private final Planner planner;
    private final Redirects redirects;
    private final Netgroups netgroups;
    final Map<String, SupervisedProcess> mains = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Future<?>> pending = ConcurrentHashMap.newKeySet();

    /**
     * Called with a step's kind after it is journaled and before it runs; tests throw from it to inject failures.
     * {@code XC_FAULT_HALT_AT} (test-only, see {@link Reconciler#faultFromEnvironment}) halts the JVM there.
     */
    volatile Consumer<String> beforeStep = Reconciler.faultFromEnvironment();
    /** Adopted main processes whose exit status this JVM cannot read (they are not its children). */
    final Set<SupervisedProcess> statusUnknown = ConcurrentHashMap.newKeySet();
    /** Released on close: the lock that makes this engine the one that reconciles (see {@link Reconciler}). */
    volatile AutoCloseable ownership = () -> { };

    public Containers(Context ctx) {
        this.ctx = ctx;
        this.store = new ContainerStore(ctx.store());
        this.planner = new Planner(ctx, store);
        this.redirects = new Redirects(ctx, store, this::resolve, this::lock);
        this.netgroups = new Netgroups(ctx.store(), ctx.networks(), ref -> resolve(ref).id());
        rotateLogs(LogRotation.DEFAULT);
    }

    /** Keeps the log files bounded while the engine runs (see {@link LogRotation}). */
    private void rotateLogs(LogRotation rotation) {
        Thread.ofVirtual().name("xc-log-rotation").start(() -> {
            while (!workers.isShutdown()) {
                try {
                    Thread.sleep(rotation.every());
                    rotation.rotate(ctx.logsDir());
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    // a log that cannot be rotated now is tried again next time
                }
            }
        });
    }

    /** Netgroups: containers listed in each other's /etc/hosts ({@code xc network tag}, {@code --net-group}). */
    public Netgroups netgroups() {
        return netgroups;
    }

    /** Port redirects of running containers ({@code xc rdr}). */
    public Redirects redirects() {
        return redirects;
    }

    // ------------------------------------------------------------------ plan and apply

    public RunPlan plan(RunRequest request) {
        return planner.plan(request).plan();
    }

    /** {@code xc run} ({@code start}) or {@code xc create}. */
    public ContainerInfo instantiate(RunRequest request, EventListener listener, boolean start) {
        Planner.Planned planned = planner.plan(request);
        RunPlan plan = planned.plan();
        if (!plan.isRunnable()) {
            throw checksFailed(plan.problems());
        }
        for (String w : plan.warnings()) {
            listener.onEvent(new Event.Warning(Instant.now(ctx.host().clock()), w));
        }
        Blueprint bp = planned.blueprint();
        store.insert(bp, "created");
        synchronized (lock(bp.id())) {
            try {
                long applying = store.journalBegin(bp.id(), Reconciler.APPLY, undo("none").toString());
                apply(bp, listener, start);
                store.journalMark(applying, "done");
            } catch (RuntimeException e) {
                List<String> left = undo(bp.id(), s -> true);
                if (left.isEmpty()) {
                    store.delete(bp.id());
                } else {
                    store.set(bp.id(), "state", "faulted");
                    store.set(bp.id(), "fault", e.getMessage() + "; undo failed: " + String.join("; ", left));
                    left.forEach(l -> e.addSuppressed(XcException.of(ErrorCode.INTERNAL, l,
                            "remove the container with 'xc rm -f " + bp.name() + "' to retry")));
                }
                throw e;
            }
        }
        return info(store.find(bp.id()).orElseThrow());
    }

    static XcException checksFailed(List<Problem> problems) {
        return XcException.ofProblems(ErrorCode.SANITY_CHECK_FAILED, "the checks before the run found "
                + problems.size() + (problems.size() == 1 ? " problem" : " problems"), problems);
    }

    private void apply(Blueprint bp, EventListener listener, boolean start) {
        String id = bp.id();
        JailRuntime jails = ctx.jails().orElseThrow();
        Consumer<String> say = d -> listener.onEvent(new Event.Step(Instant.now(ctx.host().clock()), "run", d, false));

        List<AllocatedAddress> addresses = new ArrayList<>();
        say.accept("allocating addresses");
        step(id, "address", undo("release-addresses"), () -> {
            for (Blueprint.NetPlan n : bp.networks()) {
                Cidr c = ctx.networks().allocate(n.network(), id, n.address().isEmpty() ? Optional.empty()
                        : Optional.of(IpLiteral.parse(n.address())));
                addresses.add(new AllocatedAddress(Optional.of(n.network()), n.iface(), c));
            }
            for (String ip : bp.ips()) {
                IpAssignment a = IpAssignment.parse(ip);
                for (Cidr c : a.addresses()) {
                    addresses.add(new AllocatedAddress(Optional.empty(), a.iface(), c));
                }
            }
            List<AllocatedAddress> ordered = mainFirst(addresses, bp.mainSelector());
            addresses.clear();
            addresses.addAll(ordered);
            store.set(id, "addresses", Blueprint.listJson(addresses.stream().map(Containers::addressText).toList()));
        });

        say.accept("creating the root file system");
        Path[] root = new Path[1];
        step(id, "rootfs", undo("remove-rootfs"), () -> {
            root[0] = ctx.storage().createRootfs(id, bp.chainId().isEmpty() ? Optional.empty()
                    : Optional.of(bp.chainId()));
            store.set(id, "root", root[0].toString());
        });

        int[] ruleset = {4};
        if (ctx.devfs().isPresent()) {
            say.accept("acquiring the devfs ruleset");
            step(id, "devfs", undo("devfs-release"), () -> {
                DevfsLease lease = ctx.devfs().get().acquire(Planner.devfsRequest(id, bp.imageDigest(),
                        bp.devfsImageRules(), bp.env(), bp.vnet(), bp.devfsFeatures(), bp.devfsApproved()),
                        DevfsApprover.REFUSE);
                ruleset[0] = lease.ruleset();
            });
        }
        store.set(id, "devfs_ruleset", ruleset[0]);

        if (!bp.vnet()) {
            for (AllocatedAddress a : addresses) {
                String family = a.address().isIpv6() ? "inet6" : "inet";
                String host = IpLiteral.format(a.address().address()) + (a.address().isIpv6() ? "/128" : "/32");
                ObjectNode u = undo("unalias").put("iface", a.iface()).put("family", family).put("cidr", host);
                step(id, "alias", u, () -> ifconfig(a.iface(), family, host, "alias"));
            }
        }

        say.accept("creating jail " + bp.name());
        step(id, "jail", undo("remove-jail").put("name", bp.name()), () -> {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("host.hostname", bp.hostname());
            if (!bp.vnet()) {
                List<String> v4 = new ArrayList<>();
                List<String> v6 = new ArrayList<>();
                for (AllocatedAddress a : addresses) {
                    (a.address().address() instanceof Inet4Address ? v4 : v6)
                            .add(IpLiteral.format(a.address().address()));
                }
                if (!v4.isEmpty()) {
                    params.put("ip4.addr", String.join(",", v4));
                }
                if (!v6.isEmpty()) {
                    params.put("ip6.addr", String.join(",", v6));
                }
            }
            params.put("devfs_ruleset", Integer.toString(ruleset[0]));
            params.putAll(bp.jailParams());
            List<MountSpec> mounts = new ArrayList<>();
            mounts.add(new MountSpec("devfs", "devfs", "/dev", List.of("ruleset=" + ruleset[0])));
            mounts.addAll(bp.mounts());
            jails.create(new JailSpec(bp.name(), root[0], params, mounts));
        });
        if (bp.vnet()) {
            say.accept("connecting the jail to its networks");
            Vnet.attach(ctx.host().commands(), bp.name(), addresses, n -> ctx.networks().get(n).spec().defaultRouter(),
                    (kind, u, effect) -> step(id, kind, u, effect));
        }

        for (String d : bp.datasets()) {
            String ds = DatasetParam.parse(d).dataset();
            step(id, "dataset", undo("detach-dataset").put("dataset", ds).put("jail", bp.name()),
                    () -> ctx.storage().attachDataset(ds, bp.name()));
        }
        if (!bp.rctl().isEmpty()) {
            step(id, "rctl", undo("rctl-remove").put("subject", "jail:" + bp.name()), () -> {
                for (String rule : bp.rctl()) {
                    ctx.host().commands().run(Command.of("rctl", "-a", rule)).orThrow();
                }
            });
        }
        if (ctx.firewall().isPresent()) {
            for (String net : addresses.stream().flatMap(a -> a.network().stream()).distinct().toList()) {
                List<String> addrs = addresses.stream().filter(a -> a.network().equals(Optional.of(net)))
                        .map(a -> IpLiteral.format(a.address().address())).toList();
                step(id, "pf-table", undo("pf-remove").put("network", net).set("addresses", Blueprint.list(addrs)),
                        () -> ctx.firewall().get().addAddresses(net, addrs));
            }
            if (!bp.publish().isEmpty() && !addresses.isEmpty()) {
                say.accept("publishing ports");
                step(id, "rdr", undo("rdr-remove"), () -> {
                    String dest = IpLiteral.format(addresses.getFirst().address().address());
                    List<String> rows = new ArrayList<>();
                    for (String p : bp.publish()) {
                        PortPublish pp = PortPublish.parse(p);
                        List<String> ifs = pp.interfaces().isEmpty() ? ctx.extInterfaces() : pp.interfaces();
                        rows.add(p + "\t" + dest + "\t" + String.join(",", ifs));
                    }
                    store.set(id, "redirects", Blueprint.listJson(rows));
                    ctx.firewall().get().replaceRedirects(allRedirects());
                });
            }
        }

        say.accept("writing resolv.conf and hosts");
        step(id, "files", undo("none"), () -> writeFiles(bp, root[0], addresses));
        step(id, "netgroup", undo("netgroup-leave"), () -> netgroups.join(id, bp.netGroups()));
        if (start) {
            step(id, "process", undo("stop-processes"), () -> startProcesses(id, bp, listener));
        }
    }

    /** Journals, runs and marks one step; what the effect adds to {@code undo} (a created name) is journaled too. */
    private void step(String id, String kind, ObjectNode undo, Runnable effect) {
        String recorded = undo.toString();
        long entry = store.journalBegin(id, kind, recorded);
        try {
            beforeStep.accept(kind);
            effect.run();
        } finally {
            if (!undo.toString().equals(recorded)) {
                store.journalUndo(entry, undo.toString());
            }
        }
        store.journalMark(entry, "done");
    }

    private static ObjectNode undo(String op) {
        return Blueprint.object().put("op", op);
    }

    /**
     * Undoes the open journal entries of {@code id} whose step {@code which} accepts, newest first; each undone
     * entry is marked so. Returns what could not be undone (those entries stay open).
     */
    List<String> undo(String id, java.util.function.Predicate<String> which) {
        List<String> problems = new ArrayList<>();
        for (ContainerStore.Entry e : store.openEntries(id)) {
            if (!which.test(e.step())) {
                continue;
            }
            try {
                undoOne(id, Blueprint.parse(e.undo()));
                store.journalMark(e.id(), "undone");
            } catch (RuntimeException ex) {
                problems.add("undoing step " + e.step() + " failed: " + ex.getMessage());
            }
        }
        return problems;
    }

    private void undoOne(String id, JsonNode u) {
        switch (u.path("op").asText()) {
            case "release-addresses" -> {
                ctx.networks().release(id);
                store.set(id, "addresses", "[]");
            }
            case "remove-rootfs" -> ctx.storage().removeRootfs(id);
            case "devfs-release" -> ctx.devfs().ifPresent(d -> d.release(id));
            case "unalias" -> {
                CommandResult r = ctx.host().commands().run(Command.of("ifconfig", u.path("iface").asText(),
                        u.path("family").asText(), u.path("cidr").asText(), "-alias"));
                if (!r.ok() && !r.stderrText().contains("Can't assign requested address")) {
                    r.orThrow();
                }
            }
            case "remove-jail" -> ctx.jails().ifPresent(j -> j.remove(u.path("name").asText()));
            case "detach-dataset" -> ctx.storage().detachDataset(u.path("dataset").asText(), u.path("jail").asText());
            case "rctl-remove" -> ctx.host().commands().run(Command.of("rctl", "-r", u.path("subject").asText()))
                    .orThrow();
            case "pf-remove" -> ctx.firewall().ifPresent(f -> f.removeAddresses(u.path("network").asText(),
                    Blueprint.strings(u.path("addresses"))));
            case "rdr-remove" -> {
                store.set(id, "redirects", "[]");
                ctx.firewall().ifPresent(f -> f.replaceRedirects(allRedirects()));
            }
            case "stop-processes" -> {
                SupervisedProcess p = mains.remove(id);
                if (p != null) {
                    p.signal(Signal.KILL);
                }
            }
            case "epair-destroy", "bridge-deletem", "vnet-reclaim" -> Vnet.undo(ctx.host().commands(), u);
            case "netgroup-leave" -> netgroups.leave(id); // other members' unwritable files are not this teardown's
            case "none" -> {
            }
            default -> throw new IllegalStateException("unknown undo operation " + u);
        }
    }

    private void ifconfig(String iface, String family, String cidr, String action) {
        ctx.host().commands().run(Command.of("ifconfig", iface, family, cidr, action)).orThrow();
    }

    private List<PortRedirect> allRedirects() {
        return Redirects.all(store);
    }

    private static List<AllocatedAddress> mainFirst(List<AllocatedAddress> all, String selector) {
        if (all.isEmpty()) {
            return all;
        }
        Optional<AllocatedAddress> main;
        if (selector.isEmpty()) {
            main = all.stream().filter(a -> a.network().isPresent()).findFirst().or(() -> Optional.of(all.getFirst()));
        } else {
            MainAddressSelector s = MainAddressSelector.parse(selector);
            main = switch (s) {
                case MainAddressSelector.ByNetwork bn -> all.stream()
                        .filter(a -> a.network().equals(Optional.of(bn.name()))).findFirst();
                case MainAddressSelector.ByAddress ba -> all.stream()
                        .filter(a -> a.address().address().equals(ba.address())).findFirst();
            };
        }
        List<AllocatedAddress> out = new ArrayList<>();
        main.ifPresent(out::add);
        all.stream().filter(a -> main.isEmpty() || a != main.get()).forEach(out::add);
        return out;
    }

    static String addressText(AllocatedAddress a) {
        return a.network().orElse("") + "\t" + a.iface() + "\t" + a.address();
    }

    static AllocatedAddress parseAddress(String text) {
        String[] f = text.split("\t", -1);
        return new AllocatedAddress(f[0].isEmpty() ? Optional.empty() : Optional.of(f[0]), f[1], Cidr.parse(f[2]));
    }

    private void writeFiles(Blueprint bp, Path root, List<AllocatedAddress> addresses) {
        try {
            String resolv = bp.resolvConf();
            if (resolv.equals("inherit")) {
                Path hostResolv = Path.of("/etc/resolv.conf");
                if (Files.isRegularFile(hostResolv)) {
                    write(root, "/etc/resolv.conf", Files.readString(hostResolv));
                }
            } else if (resolv.startsWith("specified:")) {
                write(root, "/etc/resolv.conf", resolv.substring("specified:".length()));
            }
            StringBuilder hosts = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost\n");
            if (!addresses.isEmpty()) {
                hosts.append(IpLiteral.format(addresses.getFirst().address().address())).append('\t')
                        .append(bp.hostname()).append('\n');
            } else {
                hosts.append("127.0.0.1\t").append(bp.hostname()).append('\n');
            }
            write(root, "/etc/hosts", hosts.toString());
            for (String c : bp.copies()) {
                CopyFile cf = CopyFile.parse(c);
                write(root, cf.destination(), Files.readString(cf.source(), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot write files into the root of " + bp.name() + ": "
                    + e.getMessage(), "check the storage and the image's /etc", e);
        }
    }

    /** Writes {@code content} (bytes as ISO-8859-1 chars) to {@code path} inside {@code root}, refusing links. */
    private static void write(Path root, String path, String content) throws IOException {
        Path p = root;
        for (Path part : Path.of(path.substring(1))) {
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                throw XcException.of(ErrorCode.UNSAFE_LAYER, "cannot write " + path + " in the container: "
                        + p + " is a symbolic link", "replace the link in the image with a regular file");
            }
        }
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.ISO_8859_1);
    }

    // ------------------------------------------------------------------ processes

    private Path log(String id, String label) {
        return ctx.logsDir().resolve(id + "." + label + ".log");
    }

    private Path errLog(String id, String label) {
        return ctx.logsDir().resolve(id + "." + label + ".err.log");
    }

    private Map<String, String> environment(ContainerStore.Row row, Blueprint bp, Map<String, String> base) {
        Map<String, String> env = new LinkedHashMap<>(base);
        List<AllocatedAddress> addrs = row.addresses().stream().map(Containers::parseAddress).toList();
        if (!addrs.isEmpty()) {
            env.putIfAbsent("XC_MAIN_IP", IpLiteral.format(addrs.getFirst().address().address()));
            env.putIfAbsent("XC_MAIN_IFACE", addrs.getFirst().iface());
        }
        List<String> nets = addrs.stream().flatMap(a -> a.network().stream()).distinct().toList();
        for (String n : nets) {
            List<AllocatedAddress> in = addrs.stream().filter(a -> a.network().equals(Optional.of(n))).toList();
            env.put("XC_NETWORK_" + n + "_ADDR_COUNT", Integer.toString(in.size()));
            env.put("XC_NETWORK_" + n + "_IFACE", in.getFirst().iface());
            for (int i = 0; i < in.size(); i++) {
                env.put("XC_NETWORK_" + n + "_ADDR_" + i, in.get(i).address().toString());
            }
        }
        env.put("XC_NETWORKS_COUNT", Integer.toString(nets.size()));
        row.devfsRuleset().ifPresent(r -> env.put("XC_DEVFS_RULESET", Integer.toString(r)));
        env.put("XC_ID", bp.id());
        return env;
    }

    private SupervisedProcess spawn(ContainerStore.Row row, Blueprint bp, Blueprint.ProcessPlan p) {
        Map<String, String> base = new LinkedHashMap<>(p.clearEnv() ? Map.of() : bp.env());
        base.putAll(p.env());
        Path out = log(bp.id(), p.label());
        try {
            Files.createDirectories(ctx.logsDir());
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot create the logs directory " + ctx.logsDir() + ": "
                    + e.getMessage(), "check logs_dir in xc.conf", e);
        }
        ProcessSpec spec = new ProcessSpec(p.argv(), environment(row, bp, base),
                p.user().isEmpty() ? Optional.empty() : Optional.of(p.user()), Optional.empty(),
                p.workDir().isEmpty() ? Optional.empty() : Optional.of(p.workDir()), out, errLog(bp.id(), p.label()),
                false, Optional.empty(), p.console());
        SupervisedProcess sp = ctx.jails().orElseThrow(() -> noJails()).start(bp.name(), spec);
        store.processStarted(bp.id(), p.label(), sp.pid(), p.argv());
        return sp;
    }

    private XcException noJails() {
        return XcException.of(ErrorCode.HOST_UNSUPPORTED, "no jail runtime on this host: " + ctx.jailsMissing(),
                "run xc on FreeBSD (as root), or talk to an xcd that runs there with -s SOCKET");
    }

    /** Runs the init processes one after another, then starts main and supervises it. */
    private void startProcesses(String id, Blueprint bp, EventListener listener) {
        store.setState(id, "starting");
        ContainerStore.Row row = store.find(id).orElseThrow();
        for (Blueprint.ProcessPlan init : bp.inits()) {
            listener.onEvent(new Event.Step(Instant.now(ctx.host().clock()), "run", "running " + init.label()
                    + ": " + Shell.join(init.argv()), false));
            SupervisedProcess p = spawn(row, bp, init);
            ProcessExit e = p.onExit().join();
            store.processExited(id, init.label(), e.exitCode());
        }
        Optional<Blueprint.ProcessPlan> main = bp.main();
        if (main.isPresent()) {
            listener.onEvent(new Event.Step(Instant.now(ctx.host().clock()), "run", "starting main: "
                    + Shell.join(main.get().argv()), false));
            SupervisedProcess p = spawn(row, bp, main.get());
            store.setNow(id, "started_at");
            store.setState(id, "running");
            supervise(id, p);
        } else {
            store.setState(id, "running");
        }
    }

    void supervise(String id, SupervisedProcess p) {
        mains.put(id, p);
        p.onExit().thenAccept(exit -> track(() -> mainExited(id, p, exit)));
    }

    private void track(Runnable r) {
        Future<?>[] f = new Future<?>[1];
        synchronized (pending) {
            f[0] = workers.submit(() -> {
                try {
                    r.run();
                } finally {
                    pending.remove(f[0]);
                }
            });
            pending.add(f[0]);
        }
    }

    private void mainExited(String id, SupervisedProcess p, ProcessExit exit) {
        synchronized (lock(id)) {
            mains.remove(id, p);
            if (statusUnknown.remove(p) && exit.signal() == 0) {
                store.processGone(id, "main"); // adopted: its status went to init, not to us
            } else {
                store.processExited(id, "main", exit.exitCode());
                store.set(id, "exit_code", exit.exitCode());
            }
            store.setNow(id, "finished_at");
            Optional<ContainerStore.Row> row = store.find(id);
            if (row.isEmpty() || !row.get().state().equals("running")) {
                return; // killed: kill tears down
            }
            Blueprint bp = row.get().blueprint();
            RestartPolicy policy = RestartPolicy.parse(row.get().restart());
            if (policy.shouldRestart(exit.exitCode(), row.get().restarts()) && bp.main().isPresent()) {
                store.incrementRestarts(id);
                try {
                    Thread.sleep(Math.min(1000, 50L * (row.get().restarts() + 1)));
                    SupervisedProcess again = spawn(store.find(id).orElseThrow(), bp, bp.main().get());
                    store.set(id, "exit_code", ContainerStore.NULL);
                    store.set(id, "finished_at", ContainerStore.NULL);
                    store.setNow(id, "started_at");
                    supervise(id, again);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    store.set(id, "fault", "restart failed: " + e.getMessage());
                }
            }
            if (!store.transition(id, ACTIVE, "stopping")) {
                return;
            }
            runDeinits(id, bp);
            if (bp.persist()) {
                store.setState(id, "exited");
                return;
            }
            finishTeardown(id, bp);
        }
    }

    void runDeinits(String id, Blueprint bp) {
        ContainerStore.Row row = store.find(id).orElseThrow();
        for (Blueprint.ProcessPlan d : bp.deinits()) {
            try {
                SupervisedProcess p = spawn(row, bp, d);
                Optional<ProcessExit> e = p.waitFor(Duration.ofSeconds(15));
                if (e.isEmpty()) {
                    p.signal(Signal.KILL);
                    e = p.waitFor(Duration.ofSeconds(5));
                }
                store.processExited(id, d.label(), e.map(ProcessExit::exitCode).orElse(128 + 9));
            } catch (RuntimeException ex) {
                store.set(id, "fault", d.label() + " failed: " + ex.getMessage());
            }
        }
    }

    /** Tears down (keeping what --no-clean keeps) and marks the container exited, or faulted if undo failed. */
    List<String> finishTeardown(String id, Blueprint bp) {
        List<String> left = undo(id, s -> !bp.noClean() || !KEPT_ON_NO_CLEAN.contains(s));
        if (left.isEmpty()) {
            store.setState(id, "exited");
        } else {
            store.setState(id, "faulted");
            store.set(id, "fault", "teardown incomplete: " + String.join("; ", left));
        }
        return left;
    }

    // ------------------------------------------------------------------ operations on containers

    public ContainerInfo start(String ref) {
        ContainerStore.Row row = resolve(ref);
        synchronized (lock(row.id())) {
            row = store.find(row.id()).orElseThrow();
            boolean jailExists = jailOf(row).isPresent();
            if (!(row.state().equals("created") || (row.state().equals("exited") && jailExists))) {
                throw XcException.of(ErrorCode.RESOURCE_BUSY, "container " + row.name() + " cannot be started: it is "
                        + row.state() + (jailExists ? "" : " and its jail is gone"), row.state().equals("running")
                        ? "it is already running" : "run a new container with xc run");
            }
            Blueprint bp = row.blueprint();
            try {
                long entry = store.journalBegin(row.id(), "process", undo("stop-processes").toString());
                startProcesses(row.id(), bp, EventListener.NONE);
                store.journalMark(entry, "done");
            } catch (RuntimeException e) {
                store.setState(row.id(), "faulted");
                store.set(row.id(), "fault", "start failed: " + e.getMessage());
                throw e;
            }
            return info(store.find(row.id()).orElseThrow());
        }
    }

    public ContainerInfo kill(String ref, StopOptions options) {
        ContainerStore.Row row = resolve(ref);
        String id = row.id();
        SupervisedProcess main;
        synchronized (lock(id)) {
            row = store.find(id).orElseThrow();
            boolean jailExists = jailOf(row).isPresent();
            boolean holds = row.state().equals("created") || ACTIVE.contains(row.state())
                    || (row.state().equals("exited") && jailExists);
            if (!holds || !store.transition(id, Set.of(row.state()), "stopping")) {
                throw XcException.of(ErrorCode.RESOURCE_BUSY, "container " + row.name() + " is not running (it is "
                        + row.state() + ")", "remove it with xc rm " + row.name());
            }
            main = mains.get(id);
        }
        Blueprint bp = row.blueprint();
        if (options.runDeinit()) {
            runDeinits(id, bp);
        }
        if (main != null) {
            if (!options.grace().isZero()) {
                main.signal(Signal.TERM);
                if (main.waitFor(options.grace()).isEmpty()) {
                    main.signal(Signal.KILL);
                }
            } else {
                main.signal(Signal.KILL);
            }
            main.waitFor(Duration.ofSeconds(10));
        }
        synchronized (lock(id)) {
            List<String> left = finishTeardown(id, bp);
            if (store.find(id).orElseThrow().finished().isEmpty()) {
                store.setNow(id, "finished_at");
            }
            if (!left.isEmpty()) {
                throw XcException.of(ErrorCode.COMMAND_FAILED, "container " + row.name() + " was stopped but its "
                        + "teardown is incomplete: " + String.join("; ", left), "fix the cause, then xc rm -f "
                        + row.name());
            }
        }
        return info(store.find(id).orElseThrow());
    }

    public void remove(String ref, boolean force) {
        ContainerStore.Row row = resolve(ref);
        synchronized (lock(row.id())) {
            row = store.find(row.id()).orElseThrow(); // after a teardown in flight
        }
        if (ACTIVE.contains(row.state()) || row.state().equals("stopping")) {
            if (!force) {
                throw XcException.of(ErrorCode.RESOURCE_BUSY, "container " + row.name() + " is " + row.state(),
                        "kill it first (xc kill " + row.name() + "), or remove it with xc rm -f " + row.name());
            }
            try {
                kill(row.id(), StopOptions.kill());
            } catch (XcException e) {
                if (e.code() != ErrorCode.RESOURCE_BUSY) {
                    throw e; // RESOURCE_BUSY: it stopped by itself meanwhile
                }
            }
        }
        String id = row.id();
        synchronized (lock(id)) {
            store.setState(id, "removing");
            List<String> left = undo(id, s -> true);
            if (!left.isEmpty()) {
                store.setState(id, "faulted");
                store.set(id, "fault", "removal incomplete: " + String.join("; ", left));
                throw XcException.of(ErrorCode.COMMAND_FAILED, "container " + row.name() + " could not be removed "
                        + "completely: " + String.join("; ", left), "fix the cause, then xc rm -f " + row.name());
            }
            store.delete(id);
            try (var files = Files.list(ctx.logsDir())) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith(id + ".")).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                // the logs directory may not exist; nothing to delete then
            }
        }
        locks.remove(id);
    }

    public int exec(ExecRequest request, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        ContainerStore.Row row = resolve(request.container());
        if (jailOf(row).isEmpty()) {
            throw XcException.of(ErrorCode.RESOURCE_BUSY, "container " + row.name() + " is not running (it is "
                    + row.state() + ")", "start it first");
        }
        if (request.tty()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "exec with streams cannot give '"
                    + request.argv().getFirst() + "' a terminal", "use execConsole (xc exec -t) for a terminal");
        }
        Blueprint bp = row.blueprint();
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        String label = "exec-" + HexFormat.of().formatHex(b);
        Path out = log(row.id(), label);
        Path err = errLog(row.id(), label);
        Path in = ctx.logsDir().resolve(row.id() + "." + label + ".stdin");
        try {
            Files.createDirectories(ctx.logsDir());
            Files.write(out, new byte[0]);
            Files.write(err, new byte[0]);
            Optional<Path> input = Optional.empty();
            if (request.interactive()) {
                try (OutputStream o = Files.newOutputStream(in)) {
                    stdin.transferTo(o);
                }
                input = Optional.of(in);
            }
            ProcessSpec spec = new ProcessSpec(request.argv(), environment(row, bp, request.env()), request.user(),
                    request.group(), request.workDir(), out, err, false, input, false);
            SupervisedProcess p = ctx.jails().orElseThrow(this::noJails).start(row.name(), spec);
            store.processStarted(row.id(), label, p.pid(), request.argv());
            try (RandomAccessFile ro = new RandomAccessFile(out.toFile(), "r");
                 RandomAccessFile re = new RandomAccessFile(err.toFile(), "r")) {
                while (true) {
                    boolean done = !p.isAlive();
                    pump(ro, stdout);
                    pump(re, stderr);
                    if (done) {
                        break;
                    }
                    p.waitFor(Duration.ofMillis(20));
                }
            }
            int code = p.onExit().join().exitCode();
            store.processExited(row.id(), label, code);
            return code;
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "exec in " + row.name() + " failed: " + e.getMessage(),
                    "check logs_dir", e);
        } finally {
            try {
                Files.deleteIfExists(in);
            } catch (IOException ignored) {
                // a leftover stdin copy is harmless
            }
        }
    }

    /** {@code xc attach}: a console on the main process's terminal; see {@link Terminals}. */
    public dev.xc.api.Console attach(String ref) {
        ContainerStore.Row row = resolve(ref);
        return Terminals.attach(row.name(), row.state(), Optional.ofNullable(mains.get(row.id())));
    }

    /** {@code xc exec -t}: starts the command on a terminal of its own and returns a console on it. */
    public dev.xc.api.Console execConsole(ExecRequest request) {
        ContainerStore.Row row = resolve(request.container());
        if (jailOf(row).isEmpty()) {
            throw XcException.of(ErrorCode.RESOURCE_BUSY, "container " + row.name() + " is not running (it is "
                    + row.state() + ")", "start it first");
        }
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        String label = "exec-" + HexFormat.of().formatHex(b);
        try {
            Files.createDirectories(ctx.logsDir());
        } catch (IOException e) {
            throw XcException.of(ErrorCode.IO_ERROR, "cannot create the logs directory " + ctx.logsDir() + ": "
                    + e.getMessage(), "check logs_dir in xc.conf", e);
        }
        ProcessSpec spec = new ProcessSpec(request.argv(), environment(row, row.blueprint(), request.env()),
                request.user(), request.group(), request.workDir(), log(row.id(), label), errLog(row.id(), label),
                false, Optional.empty(), true);
        SupervisedProcess p = ctx.jails().orElseThrow(this::noJails).start(row.name(), spec);
        store.processStarted(row.id(), label, p.pid(), request.argv());
        String id = row.id();
        p.onExit().thenAccept(e -> {
            try {
                store.processExited(id, label, e.exitCode());
            } catch (RuntimeException gone) {
                // the container was removed meanwhile: nothing left to record
            }
        });
        return Terminals.open(row.name(), p);
    }

    private static void pump(RandomAccessFile f, OutputStream to) throws IOException {
        byte[] buf = new byte[8192];
        int n;
        boolean any = false;
        while ((n = f.read(buf)) > 0) {
            to.write(buf, 0, n);
            any = true;
        }
        if (any) {
            to.flush();
        }
    }

    public void logs(String ref, LogOptions options, Consumer<LogLine> sink) {
        ContainerStore.Row row = resolve(ref);
        String id = row.id();
        List<LogTail> tails = new ArrayList<>();
        if (options.stdout()) {
            tails.add(new LogTail(log(id, "main"), LogLine.STDOUT));
        }
        if (options.stderr()) {
            tails.add(new LogTail(errLog(id, "main"), LogLine.STDERR));
        }
        List<LogLine> first = new ArrayList<>();
        for (LogTail t : tails) {
            t.read(false, first::add, ctx);
        }
        int from = options.tail().map(n -> Math.max(0, first.size() - n)).orElse(0);
        first.subList(from, first.size()).forEach(sink);
        if (!options.follow()) {
            return;
        }
        while (true) {
            Optional<ContainerStore.Row> now = store.find(id);
            boolean running = now.isPresent() && (ACTIVE.contains(now.get().state())
                    || mains.containsKey(id));
            for (LogTail t : tails) {
                t.read(!running, sink, ctx);
            }
            if (!running) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reads a log file from where it stopped last time, line by line. */
    private static final class LogTail {
        private final Path file;
        private final String stream;
        private long offset;
        private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

        LogTail(Path file, String stream) {
            this.file = file;
            this.stream = stream;
        }

        void read(boolean flushPartial, Consumer<LogLine> sink, Context ctx) {
            if (Files.exists(file)) {
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                    if (f.length() < offset) {
                        offset = 0; // rotated (copied away and truncated, see LogRotation): follow from the start
                    }
                    f.seek(offset);
                    byte[] buf = new byte[8192];
                    int n;
                    while ((n = f.read(buf)) > 0) {
                        offset += n;
                        for (int i = 0; i < n; i++) {
                            if (buf[i] == '\n') {
                                emit(sink, ctx);
                            } else {
                                partial.write(buf[i]);
                            }
                        }
                    }
                } catch (IOException e) {
                    throw XcException.of(ErrorCode.IO_ERROR, "cannot read log " + file + ": " + e.getMessage(),
                            "check logs_dir", e);
                }
            }
            if (flushPartial && partial.size() > 0) {
                emit(sink, ctx);
            }
        }

        private void emit(Consumer<LogLine> sink, Context ctx) {
            String text = partial.toString(StandardCharsets.UTF_8);
            partial.reset();
            sink.accept(new LogLine(Instant.now(ctx.host().clock()), stream, text));
        }
    }

    public List<ContainerInfo> list() {
        return store.all().stream().map(this::info).toList();
    }

    public ContainerInfo inspect(String ref) {
        return info(resolve(ref));
    }

    /** The container named by id, name or jail id. */
    private ContainerStore.Row resolve(String ref) {
        Optional<ContainerStore.Row> r = store.find(ref).or(() -> store.findByName(ref));
        if (r.isEmpty() && ref.matches("[0-9]{1,9}") && ctx.jails().isPresent()) {
            int jid = Integer.parseInt(ref);
            r = ctx.jails().get().list().stream().filter(j -> j.jid() == jid).findFirst()
                    .flatMap(j -> store.findByName(j.name()));
        }
        if (r.isEmpty() && ref.matches("[0-9a-f]{3,11}")) {
            List<ContainerStore.Row> m = store.all().stream().filter(x -> x.id().startsWith(ref)).toList();
            if (m.size() == 1) {
                r = Optional.of(m.getFirst());
            }
        }
        return r.orElseThrow(() -> XcException.of(ErrorCode.CONTAINER_NOT_FOUND, "no such container: " + ref,
                "give a container id, name or jail id; xc ps lists them"));
    }

    private Optional<JailStatus> jailOf(ContainerStore.Row row) {
        return ctx.jails().flatMap(j -> j.find(row.name()));
    }

    private ContainerInfo info(ContainerStore.Row r) {
        Blueprint bp = r.blueprint();
        List<ProcessInfo> procs = store.processes(r.id()).stream().map(p -> new ProcessInfo(p.label(), p.pid(),
                p.argv(), p.started(), p.exited(), p.exitCode())).toList();
        return new ContainerInfo(r.id(), r.name(), ImageReference.parse(r.image()), r.imageDigest().map(Digest::parse),
                ContainerState.parse(r.state()), jailOf(r).map(JailStatus::jid), Path.of(r.root()), r.hostname(),
                r.vnet(), r.linux(), r.addresses().stream().map(Containers::parseAddress).toList(),
                r.published().stream().map(PortPublish::parse).toList(), r.devfsRuleset(),
                bp.datasets().stream().map(d -> DatasetParam.parse(d).dataset()).toList(), procs, r.created(),
                r.started(), r.finished(), r.exitCode(), r.fault(), RestartPolicy.parse(r.restart()), r.restarts());
    }

    /** The journal of a container, oldest first, as {@code step:state} (for tests and reconciliation). */
    List<String> journal(String id) {
        return store.journal(id).stream().map(e -> e.step() + ":" + e.state()).toList();
    }

    ContainerStore store() {
        return store;
    }

    /** The context (host, backends, state) this service works with. */
    Context context() {
        return ctx;
    }

    /** Reconciles the journal against the host after a crash; what it did, one line per container. */
    public List<String> reconcile() {
        return new Reconciler(this).run();
    }

    Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    /** Waits for teardowns in flight; running containers keep running. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<Future<?>> now;
            synchronized (pending) {
                now = List.copyOf(pending);
            }
            if (now.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            for (Future<?> f : now) {
                try {
                    f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    // a failed teardown was recorded as a fault
                }
            }
        }
        workers.shutdown();
        try {
            ownership.close();
        } catch (Exception e) {
            // the lock goes with the process anyway
        }
    }
}
