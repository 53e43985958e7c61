package dev.xc.cli.internal;

import dev.xc.api.Engine;
import dev.xc.api.Problem;
import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.LogLine;
import dev.xc.api.container.LogOptions;
import dev.xc.api.container.PlanStep;
import dev.xc.api.container.ResourceLimit;
import dev.xc.api.container.RunPlan;
import dev.xc.api.container.RunRequest;
import dev.xc.api.event.Event;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.ImageReference;
import dev.xc.api.net.DnsSetting;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code xc run} and {@code xc create}: the flags of the original ({@code xc-bin/src/run.rs}) turned into a
 * {@link RunRequest}. Options go before the image; everything after the image is the entry point and its arguments.
 */
final class RunCommand {

    private RunCommand() {
    }

    /** The flags {@code run} and {@code create} share. */
    static final class RunOptions {
        @Option(names = "--name", paramLabel = "NAME", description = "Container (jail) name; default xc-ID.")
        String name;
        @Option(names = "--hostname", paramLabel = "HOST", description = "host.hostname; default the name.")
        String hostname;
        @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Environment variable (repeatable).")
        List<String> env = new ArrayList<>();
        @Option(names = {"-v", "--volume"}, paramLabel = "SRC:DST[:ro]", description = "Volume mount (repeatable).")
        List<String> volumes = new ArrayList<>();
        @Option(names = "--network", paramLabel = "NET[|ADDR]", description = "Address in a managed network (repeatable).")
        List<String> networks = new ArrayList<>();
        @Option(names = "--ip", paramLabel = "IF|CIDR,...", description = "Unmanaged address on an interface (repeatable).")
        List<String> ips = new ArrayList<>();
        @Option(names = {"-p", "--publish"}, paramLabel = "SPEC",
                description = "Publish a port: [IF[,IF]|][ADDR[,ADDR]:]PORT[-END]:PORT[/tcp,udp] (repeatable).")
        List<String> publish = new ArrayList<>();
        @Option(names = "--vnet", description = "Give the container its own network stack.")
        boolean vnet;
        @Option(names = "--no-lo0", description = "With --vnet, no implicit lo0 127.0.0.1/8,::1/128.")
        boolean noLo0;
        @Option(names = "--dns", paramLabel = "IP", description = "Name server for resolv.conf (repeatable).")
        List<String> dns = new ArrayList<>();
        @Option(names = "--dns-search", paramLabel = "DOMAIN", description = "Search domain (repeatable).")
        List<String> dnsSearch = new ArrayList<>();
        @Option(names = "--empty-dns", description = "Write an empty resolv.conf.")
        boolean emptyDns;
        @Option(names = "--dns-nop", description = "Leave resolv.conf as the image has it.")
        boolean dnsNop;
        @Option(names = "-z", paramLabel = "[ENV:]DATASET", description = "ZFS dataset to jail (repeatable).")
        List<String> datasets = new ArrayList<>();
        @Option(names = "-o", paramLabel = "KEY=VALUE", description = "Raw jail parameter (repeatable).")
        List<String> jailParams = new ArrayList<>();
        @Option(names = "--usdt", description = "Expose the DTrace helper device.")
        boolean usdt;
        @Option(names = "--enable-pf", description = "Expose /dev/pf.")
        boolean enablePf;
        @Option(names = "--persist", description = "Keep the jail after its processes exit, until killed.")
        boolean persist;
        @Option(names = "--no-clean", description = "Keep the root, addresses and firewall entries after exit.")
        boolean noClean;
        @Option(names = "--restart", paramLabel = "POLICY", description = "no, on-failure[:N], always or unless-stopped.")
        String restart;
        @Option(names = "--memory", paramLabel = "SIZE", description = "Deny memory use above SIZE (e.g. 512M).")
        String memory;
        @Option(names = "--limit", paramLabel = "RESOURCE[:ACTION]=AMOUNT", description = "rctl limit (repeatable).")
        List<String> limits = new ArrayList<>();
        @Option(names = "--main-address", paramLabel = "network/NAME|ipaddr/ADDR", description = "The main address.")
        String mainAddress;
        @Option(names = "--max.children", paramLabel = "N", description = "children.max of the jail.")
        int childrenMax;
        @Option(names = "--copy", paramLabel = "SRC:DST", description = "Copy a host file in before start (repeatable).")
        List<String> copies = new ArrayList<>();
        @Option(names = "--extra-layer", paramLabel = "TAR", description = "Extract a tar over the root (repeatable).")
        List<Path> extraLayers = new ArrayList<>();
        @Option(names = "--net-group", paramLabel = "NET", description = "Join the netgroup of NET (one of the "
                + "--network names): its members find each other by name in /etc/hosts (repeatable).")
        List<String> netGroups = new ArrayList<>();
        @Option(names = "--tap", paramLabel = "ENV", description = "Create a tap; its name goes to ENV (repeatable).")
        List<String> taps = new ArrayList<>();
        @Option(names = "--tun", paramLabel = "ENV", description = "Create a tun; its name goes to ENV (repeatable).")
        List<String> tuns = new ArrayList<>();
        @Option(names = "--allow-devfs-rule", paramLabel = "RULE",
                description = "Approve one of the image's devfs rules in advance (repeatable).")
        List<String> approvedDevfsRules = new ArrayList<>();
        @Option(names = {"-y", "--yes"},
                description = "Approve every devfs rule of the image that exposes devices, without asking.")
        boolean yes;

        /**
         * The request, with the image's devfs rules approved when the user agrees: with --yes at once; on a terminal
         * after showing each rule and asking; otherwise not at all (the run then fails listing them, with the flag
         * that approves each).
         */
        RunRequest approved(CommandSpec spec, Engine engine, boolean create, boolean detach) {
            RunRequest request = toRequest(create, detach);
            List<String> needed = engine.plan(request).devfsApprovals();
            if (needed.isEmpty()) {
                return request;
            }
            if (!yes) {
                java.io.Console console = System.console();
                if (console == null) {
                    return request;
                }
                PrintWriter err = spec.commandLine().getErr();
                err.println("this container requires exposing these additional device nodes:");
                needed.forEach(r -> err.println("    " + r));
                err.flush();
                String answer = console.readLine("expose them? (y/n) ");
                if (answer == null || !answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
                    throw dev.xc.api.XcException.of(dev.xc.api.ErrorCode.APPROVAL_REQUIRED,
                            "the devfs rules were not approved; nothing was changed",
                            "run again and answer y, or pass --yes or --allow-devfs-rule RULE");
                }
            }
            approvedDevfsRules.addAll(needed);
            return toRequest(create, detach);
        }
        @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "User the main process runs as.")
        String user;
        @Option(names = {"-g", "--group"}, paramLabel = "GROUP", description = "Group the main process runs as.")
        String group;
        @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory of main.")
        String workDir;
        @Option(names = {"-t", "--tty"}, description = "Give main a terminal; run attaches to it unless -d "
                + "(Ctrl-P q detaches).")
        boolean tty;
        @Option(names = {"-i", "--interactive"}, description = "Forward standard input.")
        boolean interactive;
        @Parameters(index = "0", paramLabel = "IMAGE", description = "Image reference (NAME:TAG or NAME@DIGEST).")
        String image;
        @Parameters(index = "1..*", paramLabel = "ARGS", description = "Entry point (an image entry point or a "
                + "program) and its arguments.")
        List<String> rest = new ArrayList<>();

        RunRequest toRequest(boolean create, boolean detach) {
            RunRequest.Builder b = RunRequest.builder(ImageReference.parse(image));
            if (name != null) {
                b.name(name);
            }
            if (hostname != null) {
                b.hostname(hostname);
            }
            env.forEach(b::env);
            volumes.forEach(b::volume);
            networks.forEach(b::network);
            ips.forEach(b::ip);
            publish.forEach(b::publish);
            b.vnet(vnet).noLo0(noLo0).usdt(usdt).enablePf(enablePf).persist(persist).noClean(noClean)
                    .childrenMax(childrenMax).tty(tty).interactive(interactive).detach(detach).createOnly(create);
            if (!dns.isEmpty() || !dnsSearch.isEmpty() || emptyDns || dnsNop) {
                b.dns(DnsSetting.fromFlags(dns, dnsSearch, emptyDns, dnsNop));
            }
            datasets.forEach(b::dataset);
            jailParams.forEach(b::jailParam);
            if (restart != null) {
                b.restart(restart);
            }
            if (memory != null) {
                b.limit(ResourceLimit.memory(memory));
            }
            limits.forEach(b::limit);
            if (mainAddress != null) {
                b.mainAddress(mainAddress);
            }
            copies.forEach(b::copy);
            extraLayers.forEach(b::extraLayer);
            netGroups.forEach(b::netGroup);
            taps.forEach(b::tap);
            tuns.forEach(b::tun);
            approvedDevfsRules.forEach(b::approveDevfsRule);
            if (user != null) {
                b.user(user);
            }
            if (group != null) {
                b.group(group);
            }
            if (workDir != null) {
                b.workDir(workDir);
            }
            if (!rest.isEmpty()) {
                b.entryPoint(rest.getFirst(), rest.subList(1, rest.size()));
            }
            return b.build();
        }
    }

    /** The plan as people read it: each step with its values, then warnings and problems. */
    static String render(RunPlan plan) {
        StringBuilder sb = new StringBuilder();
        sb.append("plan for ").append(plan.request().image()).append(" (nothing was changed):\n");
        int i = 1;
        for (PlanStep s : plan.steps()) {
            sb.append(String.format("%2d. %-11s %s%n", i++, s.kind(), s.description()));
            s.details().forEach((k, v) -> sb.append("      ").append(k).append(" = ")
                    .append(v.replace("\n", "\\n")).append('\n'));
        }
        if (!plan.warnings().isEmpty()) {
            sb.append("warnings:\n");
            plan.warnings().forEach(w -> sb.append("  - ").append(w).append('\n'));
        }
        if (plan.problems().isEmpty()) {
            sb.append("the checks found no problems\n");
        } else {
            sb.append("problems (the run would not start):\n");
            for (Problem p : plan.problems()) {
                sb.append("  - ").append(p.message()).append('\n');
                if (!p.hint().isEmpty()) {
                    sb.append("    hint: ").append(p.hint()).append('\n');
                }
            }
        }
        return sb.toString().stripTrailing();
    }

    static EventListener warnings(CommandSpec spec) {
        return e -> {
            if (e instanceof Event.Warning w) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("xc: warning: " + w.message());
                err.flush();
            }
        };
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a container: plan, check, create the jail and start the image's entry point.",
                    "Example: xc run --network example -e DB_PASSWORD=x -p 8080:80 freebsdxc/nginx:1.0",
                    "Options go before IMAGE; what follows IMAGE is the entry point and its arguments."})
    static final class Run extends EngineCommand implements Callable<Integer> {
        @Mixin
        RunOptions options;
        @Option(names = "--dry-run", description = "Print the plan and the checks' findings; change nothing.")
        boolean dryRun;
        @Option(names = "--json", description = "Print the plan (with --dry-run) or the container as JSON.")
        boolean json;
        @Option(names = {"-d", "--detach"}, description = "Print the id and return; do not wait for main.")
        boolean detach;
        private final java.io.InputStream in;

        Run(Map<String, String> env, java.io.InputStream in) {
            super(env);
            this.in = in;
        }

        @Override
        public Integer call() {
            if (options.tty && env.containsKey("TERM") && options.env.stream().noneMatch(e -> e.startsWith("TERM="))) {
                options.env.add("TERM=" + env.get("TERM"));
            }
            try (Engine engine = openEngine()) {
                RunRequest request = dryRun ? options.toRequest(false, detach)
                        : options.approved(spec, engine, false, detach);
                if (dryRun) {
                    RunPlan plan = engine.plan(request);
                    print(json ? Json.write(plan) : render(plan));
                    return plan.isRunnable() ? 0 : dev.xc.api.ErrorCode.SANITY_CHECK_FAILED.category().exitCode();
                }
                ContainerInfo c = engine.run(request, warnings(spec));
                if (detach) {
                    print(json ? Json.write(c) : c.id());
                    return 0;
                }
                return options.tty ? attachMain(spec, engine, c, in) : follow(spec, engine, c);
            }
        }
    }

    /**
     * {@code xc run -t}: attaches to main's terminal; returns 0 after a detach, else main's exit status. When main
     * ended before the attach, its output is printed from the log instead.
     */
    static int attachMain(CommandSpec spec, Engine engine, ContainerInfo c, java.io.InputStream in) {
        dev.xc.api.Console console;
        try {
            console = engine.attach(c.id());
        } catch (dev.xc.api.XcException e) {
            if (e.code() == dev.xc.api.ErrorCode.RESOURCE_BUSY) {
                return follow(spec, engine, c);
            }
            throw e;
        }
        ConsoleClient.Outcome o = ConsoleClient.run(spec, console, c.name(), in);
        if (o.detached()) {
            return 0;
        }
        return o.exitStatus().orElseGet(() -> awaitExit(spec, engine, c));
    }

    /** Prints main's output as it comes and returns its exit status once the container has stopped. */
    static int follow(CommandSpec spec, Engine engine, ContainerInfo c) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        engine.logs(c.id(), new LogOptions(true, Optional.empty(), true, true), line -> {
            PrintWriter w = line.stream().equals(LogLine.STDERR) ? err : out;
            w.println(line.text());
            w.flush();
        });
        return awaitExit(spec, engine, c);
    }

    /** Waits (up to a minute) for the container to stop and returns main's exit status. */
    static int awaitExit(CommandSpec spec, Engine engine, ContainerInfo c) {
        PrintWriter err = spec.commandLine().getErr();
        ContainerInfo now = engine.inspectContainer(c.id());
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (now.state().isActive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = engine.inspectContainer(c.id());
        }
        if (now.fault().isPresent()) {
            err.println("xc: container " + now.name() + " faulted: " + now.fault().get());
            err.flush();
        }
        return now.exitCode().orElse(now.fault().isPresent() ? 1 : 0);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a container without starting anything; start it later with xc start.",
                    "Options go before IMAGE; what follows IMAGE is the entry point and its arguments."})
    static final class Create extends EngineCommand implements Callable<Integer> {
        @Mixin
        RunOptions options;
        @Option(names = "--json", description = "Print the container as JSON.")
        boolean json;

        Create(Map<String, String> env) {
            super(env);
        }

        @Override
        public Integer call() {
            try (Engine engine = openEngine()) {
                RunRequest request = options.approved(spec, engine, true, true);
                ContainerInfo c = engine.create(request, warnings(spec));
                print(json ? Json.write(c) : c.id());
                return 0;
            }
        }
    }
}
