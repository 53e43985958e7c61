package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.Problem;
import dev.xc.api.XcException;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.Platform;
import dev.xc.api.net.DnsSetting;
import dev.xc.api.net.DomainName;
import dev.xc.api.net.IpAssignment;
import dev.xc.api.net.MainAddressSelector;
import dev.xc.api.net.NetworkRequest;
import dev.xc.api.net.NetworkSpec;
import dev.xc.api.net.PortPublish;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything {@code xc run} and {@code xc create} can ask for: the image, identity, entry point, environment,
 * storage, networking, devices, limits and supervision of one container.
 *
 * <p>Build one with {@link #builder(ImageReference)}; each setter checks its value at once, {@link Builder#build()}
 * (and the canonical constructor) check the rules that span fields and report every broken one together:
 * <ul>
 *   <li>the name is 1-63 characters {@code [A-Za-z0-9_][A-Za-z0-9_-]*}, not all digits (a number is taken as a jail
 *       id) and without {@code .} (a dot would make it a child of another jail); the hostname is an RFC 1123 name;</li>
 *   <li>{@code --no-lo0} needs {@code --vnet};</li>
 *   <li>every {@code --net-group} names a network the container joins, and no network is requested twice;</li>
 *   <li>{@code --main-address network/N} names a joined network; {@code ipaddr/A} needs some address;</li>
 *   <li>{@code -p} needs an address to redirect to ({@code --network} or {@code --ip} with an address), and two
 *       publications may not claim the same host port and protocol;</li>
 *   <li>without {@code --vnet} every {@code --ip} carries an address; with it, an interface is moved once;</li>
 *   <li>volume destinations, datasets and jail parameter keys are unique; an environment variable is set by one of
 *       {@code -e}, {@code --tap}, {@code --tun} and {@code -z ENV:} only;</li>
 *   <li>{@code --interactive} with {@code --detach} needs {@code --tty} (input then reaches the terminal when
 *       attached); {@code --interactive} makes no sense for {@code create}.</li>
 * </ul>
 * The DNS setting defaults to {@link DnsSetting.Inherit} for run and {@link DnsSetting.Nop} for create.
 *
 * @param image the image to run
 * @param name the jail name; default {@code xc-ID}
 * @param hostname the host name; default the name
 * @param entryPoint the image entry point name or an executable; empty with {@code create} means no main process
 * @param args arguments to the entry point
 * @param env environment variables, in the order given
 * @param volumes volume mounts ({@code -v})
 * @param networks managed network addresses ({@code --network})
 * @param ipAssignments unmanaged addresses ({@code --ip})
 * @param publish published ports ({@code -p})
 * @param vnet own network stack ({@code --vnet})
 * @param noLo0 no implicit loopback in a VNET container ({@code --no-lo0})
 * @param dns what resolv.conf gets
 * @param datasets ZFS datasets to jail ({@code -z})
 * @param jailParams raw jail parameters ({@code -o})
 * @param usdt expose the DTrace devices ({@code --usdt})
 * @param mainAddress which address is the main one ({@code --main-address})
 * @param taps env var names that receive created tap interface names ({@code --tap})
 * @param tuns env var names that receive created tun interface names ({@code --tun})
 * @param enablePf expose {@code /dev/pf} ({@code --enable-pf})
 * @param childrenMax jail parameter {@code children.max} ({@code --max.children}); 0 = no child jails
 * @param copies files copied in before start ({@code --copy})
 * @param extraLayers tar files extracted over the root before start ({@code --extra-layer})
 * @param netGroups networks whose /etc/hosts lists this container ({@code --net-group})
 * @param noClean keep the root, mounts and addresses after exit ({@code --no-clean})
 * @param persist keep the jail after its processes exit ({@code --persist})
 * @param detach do not wait for or attach to the main process ({@code -d})
 * @param tty give the main process a terminal ({@code -t})
 * @param interactive forward the caller's stdin ({@code -i})
 * @param user user the main process runs as ({@code -u})
 * @param group group the main process runs as ({@code -g})
 * @param workDir working directory of the main process ({@code -w})
 * @param limits rctl limits ({@code --limit}, {@code --memory}, {@code --cpus}, ...)
 * @param healthCheck health check
 * @param restart restart policy ({@code --restart})
 * @param createOnly create without starting anything ({@code xc create})
 * @param platform the platform to pick from a multi-platform image
 * @param approvedDevfsRules image devfs rules the user approved in advance
 */
public record RunRequest(
        ImageReference image, Optional<String> name, Optional<String> hostname, Optional<String> entryPoint,
        List<String> args, Map<String, String> env, List<VolumeMount> volumes, List<NetworkRequest> networks,
        List<IpAssignment> ipAssignments, List<PortPublish> publish, boolean vnet, boolean noLo0, DnsSetting dns,
        List<DatasetParam> datasets, List<JailParam> jailParams, boolean usdt,
        Optional<MainAddressSelector> mainAddress, List<String> taps, List<String> tuns, boolean enablePf,
        int childrenMax, List<CopyFile> copies, List<Path> extraLayers, List<String> netGroups, boolean noClean,
        boolean persist, boolean detach, boolean tty, boolean interactive, Optional<String> user,
        Optional<String> group, Optional<String> workDir, ResourceLimits limits, Optional<HealthCheck> healthCheck,
        RestartPolicy restart, boolean createOnly, Optional<Platform> platform, List<String> approvedDevfsRules) {

    /** Longest container name. */
    public static final int MAX_NAME_LENGTH = 63;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

    public RunRequest {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(entryPoint, "entryPoint");
        args = List.copyOf(args);
        env = copyEnv(env);
        volumes = List.copyOf(volumes);
        networks = List.copyOf(networks);
        ipAssignments = List.copyOf(ipAssignments);
        publish = List.copyOf(publish);
        Objects.requireNonNull(dns, "dns");
        datasets = List.copyOf(datasets);
        jailParams = List.copyOf(jailParams);
        Objects.requireNonNull(mainAddress, "mainAddress");
        taps = List.copyOf(taps);
        tuns = List.copyOf(tuns);
        copies = List.copyOf(copies);
        extraLayers = List.copyOf(extraLayers);
        netGroups = List.copyOf(netGroups);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(platform, "platform");
        approvedDevfsRules = List.copyOf(approvedDevfsRules);

        name.ifPresent(RunRequest::checkName);
        hostname.ifPresent(RunRequest::checkHostname);
        entryPoint.ifPresent(RunRequest::checkEntryPoint);
        args.forEach(RunRequest::checkArg);
        taps.forEach(t -> Syntax.checkEnvName(t, "--tap variable name"));
        tuns.forEach(t -> Syntax.checkEnvName(t, "--tun variable name"));
        netGroups.forEach(NetworkSpec::checkName);
        checkChildrenMax(childrenMax);
        user.ifPresent(u -> Syntax.checkUser(u, "user"));
        group.ifPresent(g -> Syntax.checkUser(g, "group"));
        workDir.ifPresent(Syntax::checkWorkDir);
        approvedDevfsRules.forEach(RunRequest::checkDevfsRule);

        List<Problem> problems = crossFieldProblems(networks, ipAssignments, publish, vnet, noLo0, volumes, datasets,
                jailParams, env, taps, tuns, mainAddress, netGroups, detach, tty, interactive, createOnly);
        if (problems.size() == 1) {
            Problem p = problems.getFirst();
            throw XcException.invalid(p.code(), p.message(), p.hint());
        }
        if (!problems.isEmpty()) {
            throw XcException.ofProblems(ErrorCode.INVALID_ARGUMENT, "invalid run request: " + problems.size()
                    + " problems", problems);
        }
    }

    /** A builder for {@code image} with every option at its default. */
    public static Builder builder(ImageReference image) {
        return new Builder(image);
    }

    /** Whether this is {@code xc create}. */
    public boolean isCreate() {
        return createOnly;
    }

    /** The networks joined, by name, in request order. */
    public List<String> networkNames() {
        return networks.stream().map(NetworkRequest::network).toList();
    }

    /** Whether the container gets the implicit {@code lo0|127.0.0.1/8,::1/128} of VNET containers. */
    public boolean hasImplicitLoopback() {
        return vnet && !noLo0;
    }

    /**
     * Checks a container name: 1-{@value #MAX_NAME_LENGTH} characters {@code [A-Za-z0-9_][A-Za-z0-9_-]*}, not all
     * digits, no dot.
     *
     * @return {@code name}
     * @throws XcException {@link ErrorCode#INVALID_NAME} saying what is wrong
     */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        String hint = "use letters, digits, '_' and '-', e.g. web1";
        if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "invalid container name '" + name
                    + "': jail name cannot be numeric (a number is read as a jail id)", hint);
        }
        if (name.indexOf('.') >= 0) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "invalid container name '" + name
                    + "': jail name cannot contain dot (.) (it would name a child of another jail)", hint);
        }
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "invalid container name '" + name + "': use 1-"
                    + MAX_NAME_LENGTH + " letters, digits, '_' and '-', not starting with '-'", hint);
        }
        return name;
    }

    /** Checks a host name (RFC 1123). */
    public static String checkHostname(String hostname) {
        Objects.requireNonNull(hostname, "hostname");
        if (!DomainName.isValid(hostname)) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "invalid hostname '" + hostname + "': use labels of "
                            + "letters, digits and inner '-' (1-63 each) joined by '.', at most "
                            + DomainName.MAX_LENGTH + " characters",
                    "write e.g. web1 or web1.example.org");
        }
        return hostname;
    }

    static Map<String, String> copyEnv(Map<String, String> env) {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            EnvAssignment a = new EnvAssignment(Objects.requireNonNull(k, "env name"),
                    Objects.requireNonNull(v, "env value"));
            copy.put(a.name(), a.value());
        });
        return Collections.unmodifiableMap(copy);
    }

    private static void checkEntryPoint(String ep) {
        if (ep.isEmpty() || Syntax.hasNul(ep)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid entry point '" + ep
                    + "': it is empty or contains NUL", "name an image entry point or an executable, e.g. /bin/sh");
        }
    }

    private static void checkArg(String a) {
        if (Syntax.hasNul(Objects.requireNonNull(a, "arg"))) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "an entry point argument contains NUL",
                    "remove the NUL character");
        }
    }

    private static void checkChildrenMax(int n) {
        if (n < 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid --max.children " + n
                    + ": it must not be negative", "use 0 (no child jails) or more");
        }
    }

    private static void checkDevfsRule(String r) {
        if (r.isBlank() || r.indexOf('\n') >= 0 || Syntax.hasNul(r)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid approved devfs rule '" + r
                    + "': it must be one non-blank line", "pass each rule as the image states it, e.g. "
                    + "path 'bpf*' unhide");
        }
    }

    private static List<Problem> crossFieldProblems(
            List<NetworkRequest> networks, List<IpAssignment> ips, List<PortPublish> publish, boolean vnet,
            boolean noLo0, List<VolumeMount> volumes, List<DatasetParam> datasets, List<JailParam> jailParams,
            Map<String, String> env, List<String> taps, List<String> tuns, Optional<MainAddressSelector> main,
            List<String> netGroups, boolean detach, boolean tty, boolean interactive, boolean createOnly) {
        List<Problem> out = new ArrayList<>();
        ErrorCode inv = ErrorCode.INVALID_ARGUMENT;
        if (noLo0 && !vnet) {
            out.add(Problem.of(inv, "--no-lo0 needs --vnet: only a VNET container gets the implicit lo0",
                    "add --vnet, or drop --no-lo0"));
        }
        Set<String> joined = new HashSet<>();
        for (NetworkRequest n : networks) {
            if (!joined.add(n.network())) {
                out.add(Problem.of(inv, "network '" + n.network() + "' is requested twice",
                        "keep one --network " + n.network()));
            }
        }
        Set<String> groups = new HashSet<>();
        for (String g : netGroups) {
            if (!groups.add(g)) {
                out.add(Problem.of(inv, "net group '" + g + "' is given twice", "keep one --net-group " + g));
            } else if (!joined.contains(g)) {
                out.add(Problem.of(inv, "cannot add container to netgroup " + g + " as network " + g
                        + " does not exist", "a netgroup is one of the container's networks: add --network " + g
                        + ", or drop --net-group " + g));
            }
        }
        boolean anyAddress = !networks.isEmpty() || ips.stream().anyMatch(i -> !i.addresses().isEmpty());
        if (main.isPresent()) {
            switch (main.get()) {
                case MainAddressSelector.ByNetwork bn when !joined.contains(bn.name()) ->
                        out.add(Problem.of(inv, "--main-address " + bn + " names a network the container does not "
                                + "join", "add --network " + bn.name() + ", or pick a joined network"));
                case MainAddressSelector.ByAddress ba when !anyAddress ->
                        out.add(Problem.of(inv, "--main-address " + ba + " selects an address, but the container "
                                + "has none", "add --network or --ip with that address"));
                default -> {
                }
            }
        }
        if (!publish.isEmpty() && !anyAddress) {
            out.add(Problem.of(inv, "-p " + publish.getFirst() + " needs a container address to redirect to, but "
                    + "the container has none", "add --network NAME or --ip IFACE|ADDRESS"));
        }
        for (int i = 0; i < publish.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (publish.get(i).overlaps(publish.get(j))) {
                    out.add(Problem.of(inv, "published ports " + publish.get(j) + " and " + publish.get(i)
                            + " claim the same host port", "publish each host port once"));
                }
            }
        }
        Set<String> moved = new HashSet<>();
        for (IpAssignment ip : ips) {
            if (!vnet && ip.addresses().isEmpty()) {
                out.add(Problem.of(inv, "--ip " + ip + " has no address, which does nothing without --vnet",
                        "write --ip " + ip.iface() + "|ADDRESS, or add --vnet to move the interface"));
            }
            if (vnet && !moved.add(ip.iface())) {
                out.add(Problem.of(inv, "interface " + ip.iface() + " is given twice with --vnet; an interface "
                        + "moves into one jail once", "list all its addresses in one --ip " + ip.iface() + "|A,B"));
            }
            if (vnet && !noLo0 && ip.iface().equals("lo0")) {
                out.add(Problem.of(inv, "--ip " + ip + " clashes with the implicit lo0 of a VNET container",
                        "add --no-lo0 to configure lo0 yourself"));
            }
        }
        Set<String> dests = new HashSet<>();
        for (VolumeMount v : volumes) {
            if (!dests.add(v.destination())) {
                out.add(Problem.of(inv, "two volumes are mounted on '" + v.destination() + "'",
                        "mount one volume per destination"));
            }
        }
        Set<String> ds = new HashSet<>();
        for (DatasetParam d : datasets) {
            if (!ds.add(d.dataset())) {
                out.add(Problem.of(inv, "dataset " + d.dataset() + " is given twice", "keep one -z " + d));
            }
        }
        Set<String> keys = new HashSet<>();
        for (JailParam p : jailParams) {
            if (!keys.add(p.key())) {
                out.add(Problem.of(inv, "jail parameter " + p.key() + " is given twice", "keep one -o " + p.key()
                        + "=..."));
            }
        }
        Map<String, String> setBy = new LinkedHashMap<>();
        env.keySet().forEach(k -> setBy.put(k, "-e"));
        envSource(out, setBy, taps, "--tap");
        envSource(out, setBy, tuns, "--tun");
        envSource(out, setBy, datasets.stream().flatMap(d -> d.envVar().stream()).toList(), "-z");
        if (detach && interactive && !tty) {
            out.add(Problem.of(inv, "--interactive with --detach has no terminal to read input from",
                    "use -dit to attach later, or drop -i or -d"));
        }
        if (createOnly && interactive) {
            out.add(Problem.of(inv, "--interactive makes no sense for create: nothing runs yet",
                    "drop -i; pass it to xc run-main or xc exec"));
        }
        return out;
    }

    private static void envSource(List<Problem> out, Map<String, String> setBy, List<String> names, String flag) {
        for (String n : names) {
            String prev = setBy.putIfAbsent(n, flag);
            if (prev != null) {
                out.add(Problem.of(ErrorCode.INVALID_ARGUMENT, "environment variable " + n + " is set by both "
                        + prev + " and " + flag, "use a different variable name for " + flag));
            }
        }
    }

    /**
     * Collects a {@link RunRequest}. Setters check their argument at once and throw {@link XcException} naming the
     * bad value; setting a single-valued option again replaces it; list options accumulate in call order. Not
     * thread-safe.
     */
    public static final class Builder {
        private final ImageReference image;
        private Optional<String> name = Optional.empty();
        private Optional<String> hostname = Optional.empty();
        private Optional<String> entryPoint = Optional.empty();
        private List<String> args = List.of();
        private final LinkedHashMap<String, String> env = new LinkedHashMap<>();
        private final List<VolumeMount> volumes = new ArrayList<>();
        private final List<NetworkRequest> networks = new ArrayList<>();
        private final List<IpAssignment> ipAssignments = new ArrayList<>();
        private final List<PortPublish> publish = new ArrayList<>();
        private boolean vnet;
        private boolean noLo0;
        private Optional<DnsSetting> dns = Optional.empty();
        private final List<DatasetParam> datasets = new ArrayList<>();
        private final List<JailParam> jailParams = new ArrayList<>();
        private boolean usdt;
        private Optional<MainAddressSelector> mainAddress = Optional.empty();
        private final List<String> taps = new ArrayList<>();
        private final List<String> tuns = new ArrayList<>();
        private boolean enablePf;
        private int childrenMax;
        private final List<CopyFile> copies = new ArrayList<>();
        private final List<Path> extraLayers = new ArrayList<>();
        private final List<String> netGroups = new ArrayList<>();
        private boolean noClean;
        private boolean persist;
        private boolean detach;
        private boolean tty;
        private boolean interactive;
        private Optional<String> user = Optional.empty();
        private Optional<String> group = Optional.empty();
        private Optional<String> workDir = Optional.empty();
        private ResourceLimits limits = ResourceLimits.none();
        private Optional<HealthCheck> healthCheck = Optional.empty();
        private RestartPolicy restart = RestartPolicy.no();
        private boolean createOnly;
        private Optional<Platform> platform = Optional.empty();
        private final List<String> approvedDevfsRules = new ArrayList<>();

        private Builder(ImageReference image) {
            this.image = Objects.requireNonNull(image, "image");
        }

        /** {@code --name}. */
        public Builder name(String v) {
            name = Optional.of(checkName(v));
            return this;
        }

        /** {@code --hostname}. */
        public Builder hostname(String v) {
            hostname = Optional.of(checkHostname(v));
            return this;
        }

        /** The entry point name or executable, and its arguments. */
        public Builder entryPoint(String v, List<String> arguments) {
            checkEntryPoint(Objects.requireNonNull(v, "entryPoint"));
            arguments.forEach(RunRequest::checkArg);
            entryPoint = Optional.of(v);
            args = List.copyOf(arguments);
            return this;
        }

        /** Arguments for the default entry point. */
        public Builder args(List<String> arguments) {
            arguments.forEach(RunRequest::checkArg);
            args = List.copyOf(arguments);
            return this;
        }

        /** {@code -e NAME=VALUE}; a later value for the same name replaces the earlier one. */
        public Builder env(String name, String value) {
            EnvAssignment a = new EnvAssignment(name, value);
            env.put(a.name(), a.value());
            return this;
        }

        /** {@code -e NAME=VALUE} as text. */
        public Builder env(String assignment) {
            EnvAssignment a = EnvAssignment.parse(assignment);
            env.put(a.name(), a.value());
            return this;
        }

        /** {@code -v}. */
        public Builder volume(VolumeMount v) {
            volumes.add(Objects.requireNonNull(v, "volume"));
            return this;
        }

        /** {@code -v SRC:DST[:ro]} as text. */
        public Builder volume(String text) {
            return volume(VolumeMount.parse(text));
        }

        /** {@code --network}. */
        public Builder network(NetworkRequest v) {
            networks.add(Objects.requireNonNull(v, "network"));
            return this;
        }

        /** {@code --network NAME[|ADDRESS]} as text. */
        public Builder network(String text) {
            return network(NetworkRequest.parse(text));
        }

        /** {@code --ip}. */
        public Builder ip(IpAssignment v) {
            ipAssignments.add(Objects.requireNonNull(v, "ip"));
            return this;
        }

        /** {@code --ip IFACE|CIDR,...} as text. */
        public Builder ip(String text) {
            return ip(IpAssignment.parse(text));
        }

        /** {@code -p}. */
        public Builder publish(PortPublish v) {
            publish.add(Objects.requireNonNull(v, "publish"));
            return this;
        }

        /** {@code -p SPEC} as text. */
        public Builder publish(String text) {
            return publish(PortPublish.parse(text));
        }

        public Builder vnet(boolean v) {
            vnet = v;
            return this;
        }

        public Builder noLo0(boolean v) {
            noLo0 = v;
            return this;
        }

        /** The resolv.conf setting; see {@link DnsSetting#fromFlags}. */
        public Builder dns(DnsSetting v) {
            dns = Optional.of(Objects.requireNonNull(v, "dns"));
            return this;
        }

        /** {@code -z}. */
        public Builder dataset(DatasetParam v) {
            datasets.add(Objects.requireNonNull(v, "dataset"));
            return this;
        }

        /** {@code -z [ENV:]pool/ds} as text. */
        public Builder dataset(String text) {
            return dataset(DatasetParam.parse(text));
        }

        /** {@code -o}. */
        public Builder jailParam(JailParam v) {
            jailParams.add(Objects.requireNonNull(v, "jailParam"));
            return this;
        }

        /** {@code -o KEY=VALUE} as text. */
        public Builder jailParam(String text) {
            return jailParam(JailParam.parse(text));
        }

        public Builder usdt(boolean v) {
            usdt = v;
            return this;
        }

        /** {@code --main-address}. */
        public Builder mainAddress(MainAddressSelector v) {
            mainAddress = Optional.of(Objects.requireNonNull(v, "mainAddress"));
            return this;
        }

        /** {@code --main-address network/NAME|ipaddr/ADDRESS} as text. */
        public Builder mainAddress(String text) {
            return mainAddress(MainAddressSelector.parse(text));
        }

        /** {@code --tap ENV}. */
        public Builder tap(String envName) {
            Syntax.checkEnvName(Objects.requireNonNull(envName, "tap"), "--tap variable name");
            taps.add(envName);
            return this;
        }

        /** {@code --tun ENV}. */
        public Builder tun(String envName) {
            Syntax.checkEnvName(Objects.requireNonNull(envName, "tun"), "--tun variable name");
            tuns.add(envName);
            return this;
        }

        public Builder enablePf(boolean v) {
            enablePf = v;
            return this;
        }

        /** {@code --max.children}; 0 or more. */
        public Builder childrenMax(int v) {
            checkChildrenMax(v);
            childrenMax = v;
            return this;
        }

        /** {@code --copy}. */
        public Builder copy(CopyFile v) {
            copies.add(Objects.requireNonNull(v, "copy"));
            return this;
        }

        /** {@code --copy SRC:DST} as text. */
        public Builder copy(String text) {
            return copy(CopyFile.parse(text));
        }

        /** {@code --extra-layer}. */
        public Builder extraLayer(Path v) {
            extraLayers.add(Objects.requireNonNull(v, "extraLayer"));
            return this;
        }

        /** {@code --net-group}. */
        public Builder netGroup(String v) {
            netGroups.add(NetworkSpec.checkName(v));
            return this;
        }

        public Builder noClean(boolean v) {
            noClean = v;
            return this;
        }

        public Builder persist(boolean v) {
            persist = v;
            return this;
        }

        public Builder detach(boolean v) {
            detach = v;
            return this;
        }

        public Builder tty(boolean v) {
            tty = v;
            return this;
        }

        public Builder interactive(boolean v) {
            interactive = v;
            return this;
        }

        /** {@code -u}: a user name or numeric id. */
        public Builder user(String v) {
            user = Optional.of(Syntax.checkUser(Objects.requireNonNull(v, "user"), "user"));
            return this;
        }

        /** {@code -g}: a group name or numeric id. */
        public Builder group(String v) {
            group = Optional.of(Syntax.checkUser(Objects.requireNonNull(v, "group"), "group"));
            return this;
        }

        /** {@code -w}: an absolute path. */
        public Builder workDir(String v) {
            workDir = Optional.of(Syntax.checkWorkDir(Objects.requireNonNull(v, "workDir")));
            return this;
        }

        /** Replaces all limits. */
        public Builder limits(ResourceLimits v) {
            limits = Objects.requireNonNull(v, "limits");
            return this;
        }

        /** Adds a limit; a second one for the same resource and action is refused at once. */
        public Builder limit(ResourceLimit v) {
            limits = limits.with(Objects.requireNonNull(v, "limit"));
            return this;
        }

        /** {@code --limit RESOURCE[:ACTION]=AMOUNT} as text. */
        public Builder limit(String text) {
            return limit(ResourceLimit.parse(text));
        }

        public Builder healthCheck(HealthCheck v) {
            healthCheck = Optional.of(Objects.requireNonNull(v, "healthCheck"));
            return this;
        }

        public Builder restart(RestartPolicy v) {
            restart = Objects.requireNonNull(v, "restart");
            return this;
        }

        /** {@code --restart POLICY} as text. */
        public Builder restart(String text) {
            return restart(RestartPolicy.parse(text));
        }

        /** {@code xc create}: nothing starts; DNS defaults to {@link DnsSetting.Nop}. */
        public Builder createOnly(boolean v) {
            createOnly = v;
            return this;
        }

        public Builder platform(Platform v) {
            platform = Optional.of(Objects.requireNonNull(v, "platform"));
            return this;
        }

        /** Approves one image devfs rule in advance, as the image states it. */
        public Builder approveDevfsRule(String rule) {
            checkDevfsRule(Objects.requireNonNull(rule, "rule"));
            approvedDevfsRules.add(rule);
            return this;
        }

        /**
         * The request.
         *
         * @throws XcException {@link ErrorCode#INVALID_ARGUMENT} listing every broken cross-field rule
         */
        public RunRequest build() {
            DnsSetting d = dns.orElseGet(() -> createOnly ? new DnsSetting.Nop() : new DnsSetting.Inherit());
            return new RunRequest(image, name, hostname, entryPoint, args, env, volumes, networks, ipAssignments,
                    publish, vnet, noLo0, d, datasets, jailParams, usdt, mainAddress, taps, tuns, enablePf,
                    childrenMax, copies, extraLayers, netGroups, noClean, persist, detach, tty, interactive, user,
                    group, workDir, limits, healthCheck, restart, createOnly, platform, approvedDevfsRules);
        }
    }
}
