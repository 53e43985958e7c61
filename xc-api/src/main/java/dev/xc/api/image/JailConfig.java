package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.Problem;
import dev.xc.api.XcException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The xc jail configuration of an image: the {@code config.xc_extension} object of an OCI image config, one component
 * per key of the original xc's {@code JailConfig} (keys are the snake_case form of the component names:
 * {@code secureLevel} is {@code secure_level}). It says how to run the image as a jail (entry points, init and
 * deinit steps, jail permissions, Linux emulation) and documents what a run must provide (environment variables,
 * volumes, datasets, exposed ports); {@link #describe()} renders that documentation.
 *
 * <p>Maps keep the image's order, which {@link #describe()} and the JSON form follow. The configuration is validated
 * as a whole when constructed: environment names must be valid variable names, volume destinations absolute and
 * distinct, a default entry point must exist, devfs rules and arguments must be valid {@link Interpolation} text.
 * Exact duplicates that the original xc's patch commands used to append (allow names, special mounts) are dropped.
 *
 * <p>Build one with {@link #builder()} or change one with {@link #toBuilder()}:
 * {@snippet :
 * JailConfig config = JailConfig.builder()
 *         .env("DB_PASSWORD", EnvSpec.required("password of the database"))
 *         .port(ExposedPort.parse("80/tcp"), "http")
 *         .entryPoint("main", EntryPoint.of("/usr/local/sbin/nginx", List.of("-g", "daemon off;")))
 *         .mount("/var/db/app", new VolumeSpec("application data", "/var/db/app",
 *                 Map.of("zfs.compression", "off"), false, false))
 *         .build();
 * }
 * Instances are immutable and thread-safe; builders are not thread-safe.
 *
 * @param version the config format version, {@code MAJOR.MINOR.PATCH+N}, {@value #DEFAULT_VERSION} by default
 * @param secureLevel the jail's {@code securelevel}, -1 to 3
 * @param vnet whether the container needs its own network stack (a VNET jail)
 * @param ports ports the image listens on, each with a description
 * @param devfsRules extra devfs rules (in the restricted image grammar, as interpolated text); each needs the user's
 *     approval at run time
 * @param allow jail permissions, each becoming {@code allow.<name>=1} (e.g. {@code raw_sockets}, {@code mount.zfs})
 * @param sysvMsg System V message queues
 * @param sysvShm System V shared memory
 * @param sysvSem System V semaphores
 * @param envs environment variables the image reads
 * @param entryPoints named programs the image can run
 * @param defaultEntryPoint the entry point run when none is named; {@code main} when empty
 * @param specialMounts pseudo file systems to mount
 * @param mounts volumes the image expects, by name (often the destination)
 * @param datasets ZFS datasets to jail into the container, by name
 * @param init programs run one after another before the main one
 * @param deinit programs run one after another after the main one
 * @param linux whether this is a Linux image run under the Linuxulator
 * @param linuxOsname the jail's {@code linux.osname}
 * @param linuxOsrelease the jail's {@code linux.osrelease}
 * @param linuxOssVersion the jail's {@code linux.oss_version}
 * @param labels free-form labels
 * @param osrelease the jail's {@code osrelease} (what {@code uname -r} reports inside)
 * @param osreldate the jail's {@code osreldate}
 */
public record JailConfig(String version, int secureLevel, boolean vnet, Map<ExposedPort, String> ports,
                         List<String> devfsRules, List<String> allow, SysvMode sysvMsg, SysvMode sysvShm,
                         SysvMode sysvSem, Map<String, EnvSpec> envs, Map<String, EntryPoint> entryPoints,
                         Optional<String> defaultEntryPoint, List<SpecialMount> specialMounts,
                         Map<String, VolumeSpec> mounts, Map<String, DatasetSpec> datasets, List<EntryPoint> init,
                         List<EntryPoint> deinit, boolean linux, Optional<String> linuxOsname,
                         Optional<String> linuxOsrelease, Optional<String> linuxOssVersion,
                         Map<String, String> labels, Optional<String> osrelease, Optional<Integer> osreldate) {

    /** The version images built by xc carry. */
    public static final String DEFAULT_VERSION = "0.0.0+0";
    /** The entry point run when neither the user nor {@link #defaultEntryPoint()} names one. */
    public static final String MAIN = "main";

    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+\\+[0-9]+");
    private static final Pattern ALLOW = Pattern.compile("[a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)*");
    private static final ErrorCode CFG = ErrorCode.INVALID_IMAGE_CONFIG;
    private static final JailConfig EMPTY = builder().build();

    public JailConfig {
        version = checkVersion(version);
        checkSecureLevel(secureLevel);
        ports = Checks.orderedCopy(ports, "ports");
        devfsRules = Checks.listCopy(devfsRules, "devfsRules");
        devfsRules.forEach(JailConfig::checkDevfsRule);
        allow = List.copyOf(new LinkedHashSet<>(Checks.listCopy(allow, "allow")));
        allow.forEach(JailConfig::checkAllow);
        Objects.requireNonNull(sysvMsg, "sysvMsg");
        Objects.requireNonNull(sysvShm, "sysvShm");
        Objects.requireNonNull(sysvSem, "sysvSem");
        envs = Checks.orderedCopy(envs, "envs");
        envs.keySet().forEach(k -> Checks.varName(k, "envs"));
        entryPoints = Checks.orderedCopy(entryPoints, "entryPoints");
        entryPoints.keySet().forEach(JailConfig::checkEntryPointName);
        Objects.requireNonNull(defaultEntryPoint, "defaultEntryPoint");
        if (defaultEntryPoint.isPresent() && !entryPoints.containsKey(defaultEntryPoint.get())) {
            throw XcException.invalid(CFG, "default entry point '" + defaultEntryPoint.get()
                            + "' is not one of the entry points " + entryPoints.keySet(),
                    "add an entry point named '" + defaultEntryPoint.get() + "' or pick one of "
                            + entryPoints.keySet());
        }
        specialMounts = checkSpecialMounts(Checks.listCopy(specialMounts, "specialMounts"));
        mounts = Checks.orderedCopy(mounts, "mounts");
        checkMounts(mounts);
        datasets = Checks.orderedCopy(datasets, "datasets");
        datasets.keySet().forEach(k -> Checks.nonBlank(k, "dataset key", CFG));
        init = Checks.listCopy(init, "init");
        deinit = Checks.listCopy(deinit, "deinit");
        checkOptional(linuxOsname, "linux_osname");
        checkOptional(linuxOsrelease, "linux_osrelease");
        checkOptional(linuxOssVersion, "linux_oss_version");
        labels = Checks.orderedCopy(labels, "labels");
        labels.keySet().forEach(k -> Checks.nonBlank(k, "label name", CFG));
        checkOptional(osrelease, "osrelease");
        Objects.requireNonNull(osreldate, "osreldate");
        osreldate.ifPresent(JailConfig::checkOsreldate);
    }

    /**
     * The configuration of an image that says nothing: version {@value #DEFAULT_VERSION}, securelevel 0, no entry
     * points, System V IPC disabled, nothing required. {@code xc image import} without a config file uses it.
     */
    public static JailConfig empty() {
        return EMPTY;
    }

    /** A builder starting from {@link #empty()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration, to change some of it. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The entry point a run uses, as the original xc chose it: {@code name} if given, else
     * {@link #defaultEntryPoint()}, else {@value #MAIN}. If the image has an entry point of that name it is returned;
     * a name the image does not define is taken as a program to run ({@code xc run IMAGE /bin/sh} runs
     * {@code /bin/sh}), as a synthetic entry point with no arguments of its own.
     *
     * @throws XcException {@link ErrorCode#INVALID_ARGUMENT} when no name is given and the image has neither a
     *     default entry point nor one named {@value #MAIN} (the original then tried to run a program called
     *     {@code main}); the message lists the entry points the image does have
     */
    public EntryPoint selectEntryPoint(Optional<String> name) {
        Objects.requireNonNull(name, "name");
        Optional<String> chosen = name.or(() -> defaultEntryPoint);
        if (chosen.isEmpty() && !entryPoints.containsKey(MAIN)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                    "the image has no default entry point and none named '" + MAIN + "'"
                            + (entryPoints.isEmpty() ? "" : "; it defines " + entryPoints.keySet()),
                    "name an entry point or a program to run, e.g. xc run IMAGE /bin/sh");
        }
        String selected = chosen.orElse(MAIN);
        EntryPoint ep = entryPoints.get(selected);
        if (ep != null) {
            return ep;
        }
        Checks.nonBlank(selected, "program to run", ErrorCode.INVALID_ARGUMENT);
        return EntryPoint.of(selected);
    }

    /**
     * The environment a run starts from: {@code supplied}, plus the default of every declared variable that is not
     * supplied. Order: supplied first, then defaults in declaration order.
     */
    public Map<String, String> environmentWithDefaults(Map<String, String> supplied) {
        Map<String, String> out = new LinkedHashMap<>(supplied);
        envs.forEach((k, spec) -> {
            if (!out.containsKey(k)) {
                spec.defaultValue().ifPresent(d -> out.put(k, d));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * One {@link ErrorCode#MISSING_ENV} problem per required variable that is neither supplied nor defaulted, in
     * declaration order, worded as the original: {@code missing required environment variable: KEY - description}.
     */
    public List<Problem> missingEnvs(Map<String, String> supplied) {
        List<Problem> out = new ArrayList<>();
        envs.forEach((k, spec) -> {
            if (spec.mustBeSupplied() && !supplied.containsKey(k)) {
                out.add(Problem.of(ErrorCode.MISSING_ENV, "missing required environment variable: " + k
                        + spec.description().map(d -> " - " + d).orElse(""), "set it with -e " + k + "=VALUE"));
            }
        });
        return List.copyOf(out);
    }

    /** The names of volumes a run must mount, in order. */
    public List<String> requiredMounts() {
        return mounts.entrySet().stream().filter(e -> e.getValue().required()).map(Map.Entry::getKey).toList();
    }

    /**
     * The human listing {@code xc image describe} prints: every environment variable (required, description,
     * default), every exposed port, every volume (mount point, required, read-only, hints), then the entry points,
     * jail permissions and extra devfs rules when there are any. Sections with nothing in them say {@code (none)}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("Envs:");
        if (envs.isEmpty()) {
            sb.append(" (none)");
        }
        sb.append('\n');
        envs.forEach((k, spec) -> {
            sb.append("    ").append(k).append(":\n");
            spec.description().ifPresent(d -> sb.append("        Description: ").append(d).append('\n'));
            sb.append("        Required: ").append(spec.required()).append('\n');
            spec.defaultValue().ifPresent(d -> sb.append("        Default: ").append(quote(d)).append('\n'));
        });
        sb.append("Ports:");
        if (ports.isEmpty()) {
            sb.append(" (none)");
        }
        sb.append('\n');
        ports.forEach((p, d) -> sb.append("    ").append(p).append(d.isEmpty() ? "" : ": " + d).append('\n'));
        sb.append("Volumes:");
        if (mounts.isEmpty()) {
            sb.append(" (none)");
        }
        sb.append('\n');
        mounts.forEach((k, v) -> {
            sb.append("    ").append(quote(k)).append(":\n");
            if (!v.description().isEmpty()) {
                sb.append("        Description: ").append(v.description()).append('\n');
            }
            sb.append("        Mount Point: ").append(quote(v.destination())).append('\n');
            sb.append("        Required: ").append(v.required()).append('\n');
            sb.append("        Read-Only: ").append(v.readOnly()).append('\n');
            if (!v.hints().isEmpty()) {
                sb.append("        Hints:\n");
                v.hints().forEach((hk, hv) -> sb.append("            ").append(hk).append(": ").append(quote(hv))
                        .append('\n'));
            }
        });
        if (!entryPoints.isEmpty()) {
            sb.append("Entry Points:\n");
            entryPoints.forEach((k, ep) -> {
                sb.append("    ").append(k).append(defaultEntryPoint.filter(k::equals).isPresent() ? " (default)" : "")
                        .append(": ").append(commandLine(ep)).append('\n');
                if (!ep.requiredEnvs().isEmpty()) {
                    sb.append("        Requires: ").append(String.join(", ", ep.requiredEnvs())).append('\n');
                }
            });
        }
        if (!allow.isEmpty()) {
            sb.append("Allow: ").append(String.join(", ", allow)).append('\n');
        }
        if (!devfsRules.isEmpty()) {
            sb.append("Devices (need approval):\n");
            devfsRules.forEach(r -> sb.append("    ").append(r).append('\n'));
        }
        return sb.toString();
    }

    private static String commandLine(EntryPoint ep) {
        List<String> words = new ArrayList<>();
        words.add(ep.exec());
        words.addAll(ep.args());
        words.addAll(ep.defaultArgs());
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(w.isEmpty() || !w.chars().allMatch(c -> c > ' ' && "'\"\\;&|<>()`*?".indexOf(c) < 0)
                    ? "'" + w.replace("'", "'\\''") + "'" : w);
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---- validation shared by the constructor and the builder

    private static String checkVersion(String version) {
        Objects.requireNonNull(version, "version");
        if (!VERSION.matcher(version).matches()) {
            throw XcException.invalid(CFG, "invalid config version '" + version + "': expected MAJOR.MINOR.PATCH+N",
                    "write it like " + DEFAULT_VERSION);
        }
        return version;
    }

    private static void checkSecureLevel(int level) {
        if (level < -1 || level > 3) {
            throw XcException.invalid(CFG, "invalid secure_level " + level + ": FreeBSD securelevels are -1 to 3",
                    "use -1 (off) to 3");
        }
    }

    private static void checkDevfsRule(String rule) {
        Checks.nonBlank(rule, "devfs rule", CFG);
        Checks.noControl(rule, "devfs rule", CFG);
        Interpolation.parse(rule);
    }

    private static void checkAllow(String name) {
        Objects.requireNonNull(name, "allow");
        if (name.startsWith("allow.")) {
            throw XcException.invalid(CFG, "invalid allow '" + name + "': write it without the 'allow.' prefix",
                    "write " + name.substring(6));
        }
        if (!ALLOW.matcher(name).matches()) {
            throw XcException.invalid(CFG, "invalid allow '" + name + "': expected a jail permission name",
                    "write it like raw_sockets or mount.zfs (see jail(8), allow.*)");
        }
    }

    private static void checkEntryPointName(String name) {
        Checks.nonBlank(name, "entry point name", CFG);
        Checks.noControl(name, "entry point name", CFG);
    }

    private static List<SpecialMount> checkSpecialMounts(List<SpecialMount> list) {
        Map<String, SpecialMount> byPoint = new HashMap<>();
        List<SpecialMount> out = new ArrayList<>();
        for (SpecialMount m : list) {
            SpecialMount prev = byPoint.putIfAbsent(m.mountPoint(), m);
            if (prev == null) {
                out.add(m);
            } else if (!prev.equals(m)) {
                throw XcException.invalid(CFG, "special mount point " + m.mountPoint() + " is given twice, as "
                                + prev.mountType() + " and as " + m.mountType(),
                        "keep one special mount per mount point");
            }
        }
        return List.copyOf(out);
    }

    private static void checkMounts(Map<String, VolumeSpec> mounts) {
        Map<String, String> byDestination = new HashMap<>();
        mounts.forEach((k, v) -> {
            Checks.nonBlank(k, "volume name", CFG);
            Checks.noControl(k, "volume name", CFG);
            String prev = byDestination.putIfAbsent(v.destination(), k);
            if (prev != null) {
                throw XcException.invalid(CFG, "volumes '" + prev + "' and '" + k + "' both mount on "
                        + v.destination(), "keep one volume per mount point");
            }
        });
    }

    private static void checkOptional(Optional<String> value, String what) {
        Objects.requireNonNull(value, what);
        value.ifPresent(v -> {
            Checks.nonBlank(v, what, CFG);
            Checks.noControl(v, what, CFG);
        });
    }

    private static void checkOsreldate(int date) {
        if (date <= 0) {
            throw XcException.invalid(CFG, "invalid osreldate " + date + ": it must be positive",
                    "write it like 1402000 (FreeBSD 14.2)");
        }
    }

    /**
     * Builds a {@link JailConfig}. Each setter checks its own value at once and throws {@link XcException}; rules
     * across fields (the default entry point must exist, volumes must not share a mount point) are checked by
     * {@link #build()}. Setters of single values replace; {@code add}-style setters ({@link #port}, {@link #env},
     * ...) insert or replace one entry and keep the order of first insertion. Not thread-safe.
     */
    public static final class Builder {
        private String version = DEFAULT_VERSION;
        private int secureLevel;
        private boolean vnet;
        private final Map<ExposedPort, String> ports = new LinkedHashMap<>();
        private final List<String> devfsRules = new ArrayList<>();
        private final List<String> allow = new ArrayList<>();
        private SysvMode sysvMsg = SysvMode.DISABLE;
        private SysvMode sysvShm = SysvMode.DISABLE;
        private SysvMode sysvSem = SysvMode.DISABLE;
        private final Map<String, EnvSpec> envs = new LinkedHashMap<>();
        private final Map<String, EntryPoint> entryPoints = new LinkedHashMap<>();
        private Optional<String> defaultEntryPoint = Optional.empty();
        private final List<SpecialMount> specialMounts = new ArrayList<>();
        private final Map<String, VolumeSpec> mounts = new LinkedHashMap<>();
        private final Map<String, DatasetSpec> datasets = new LinkedHashMap<>();
        private final List<EntryPoint> init = new ArrayList<>();
        private final List<EntryPoint> deinit = new ArrayList<>();
        private boolean linux;
        private Optional<String> linuxOsname = Optional.empty();
        private Optional<String> linuxOsrelease = Optional.empty();
        private Optional<String> linuxOssVersion = Optional.empty();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Optional<String> osrelease = Optional.empty();
        private Optional<Integer> osreldate = Optional.empty();

        private Builder() {
        }

        private Builder(JailConfig c) {
            version = c.version;
            secureLevel = c.secureLevel;
            vnet = c.vnet;
            ports.putAll(c.ports);
            devfsRules.addAll(c.devfsRules);
            allow.addAll(c.allow);
            sysvMsg = c.sysvMsg;
            sysvShm = c.sysvShm;
            sysvSem = c.sysvSem;
            envs.putAll(c.envs);
            entryPoints.putAll(c.entryPoints);
            defaultEntryPoint = c.defaultEntryPoint;
            specialMounts.addAll(c.specialMounts);
            mounts.putAll(c.mounts);
            datasets.putAll(c.datasets);
            init.addAll(c.init);
            deinit.addAll(c.deinit);
            linux = c.linux;
            linuxOsname = c.linuxOsname;
            linuxOsrelease = c.linuxOsrelease;
            linuxOssVersion = c.linuxOssVersion;
            labels.putAll(c.labels);
            osrelease = c.osrelease;
            osreldate = c.osreldate;
        }

        /** The format version, {@code MAJOR.MINOR.PATCH+N}. */
        public Builder version(String v) {
            version = checkVersion(v);
            return this;
        }

        /** The securelevel, -1 to 3. */
        public Builder secureLevel(int level) {
            checkSecureLevel(level);
            secureLevel = level;
            return this;
        }

        public Builder vnet(boolean v) {
            vnet = v;
            return this;
        }

        /** Exposes {@code port} with a description (may be empty). */
        public Builder port(ExposedPort port, String description) {
            ports.put(Objects.requireNonNull(port, "port"), Objects.requireNonNull(description, "description"));
            return this;
        }

        /** Appends a devfs rule such as {@code path bpf* unhide}. */
        public Builder devfsRule(String rule) {
            checkDevfsRule(Objects.requireNonNull(rule, "rule"));
            devfsRules.add(rule);
            return this;
        }

        /** Adds a jail permission such as {@code raw_sockets}; adding one already present does nothing. */
        public Builder allow(String name) {
            checkAllow(name);
            if (!allow.contains(name)) {
                allow.add(name);
            }
            return this;
        }

        /** Removes a jail permission; removing one that is absent does nothing. */
        public Builder disallow(String name) {
            allow.remove(Objects.requireNonNull(name, "name"));
            return this;
        }

        public Builder sysvMsg(SysvMode m) {
            sysvMsg = Objects.requireNonNull(m, "sysvMsg");
            return this;
        }

        public Builder sysvShm(SysvMode m) {
            sysvShm = Objects.requireNonNull(m, "sysvShm");
            return this;
        }

        public Builder sysvSem(SysvMode m) {
            sysvSem = Objects.requireNonNull(m, "sysvSem");
            return this;
        }

        /** Declares an environment variable. */
        public Builder env(String name, EnvSpec spec) {
            envs.put(Checks.varName(name, "envs"), Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /** Adds or replaces the entry point {@code name}. */
        public Builder entryPoint(String name, EntryPoint entryPoint) {
            checkEntryPointName(Objects.requireNonNull(name, "name"));
            entryPoints.put(name, Objects.requireNonNull(entryPoint, "entryPoint"));
            return this;
        }

        /** Removes the entry point {@code name}. */
        public Builder removeEntryPoint(String name) {
            entryPoints.remove(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** Names the default entry point; {@link #build()} checks that it exists. */
        public Builder defaultEntryPoint(String name) {
            checkEntryPointName(Objects.requireNonNull(name, "name"));
            defaultEntryPoint = Optional.of(name);
            return this;
        }

        /** Clears the default entry point ({@value JailConfig#MAIN} is then used). */
        public Builder noDefaultEntryPoint() {
            defaultEntryPoint = Optional.empty();
            return this;
        }

        /** Adds a special mount; adding one already present does nothing. */
        public Builder specialMount(SpecialMount m) {
            Objects.requireNonNull(m, "specialMount");
            if (!specialMounts.contains(m)) {
                specialMounts.add(m);
            }
            return this;
        }

        /** Declares the volume {@code name}; {@link #build()} checks that no two volumes share a mount point. */
        public Builder mount(String name, VolumeSpec spec) {
            Checks.nonBlank(name, "volume name", CFG);
            Checks.noControl(name, "volume name", CFG);
            mounts.put(name, Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /** Declares the dataset {@code key}. */
        public Builder dataset(String key, DatasetSpec spec) {
            Checks.nonBlank(key, "dataset key", CFG);
            datasets.put(key, Objects.requireNonNull(spec, "spec"));
            return this;
        }

        /** Appends an init step. */
        public Builder init(EntryPoint step) {
            init.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        /** Removes every init step (Jailfile {@code NOINIT}). */
        public Builder clearInit() {
            init.clear();
            return this;
        }

        /** Appends a deinit step. */
        public Builder deinit(EntryPoint step) {
            deinit.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        /** Removes every deinit step (Jailfile {@code NODEINIT}). */
        public Builder clearDeinit() {
            deinit.clear();
            return this;
        }

        public Builder linux(boolean l) {
            linux = l;
            return this;
        }

        public Builder linuxOsname(String v) {
            Optional<String> checked = Optional.of(v);
            checkOptional(checked, "linux_osname");
            linuxOsname = checked;
            return this;
        }

        public Builder linuxOsrelease(String v) {
            Optional<String> checked = Optional.of(v);
            checkOptional(checked, "linux_osrelease");
            linuxOsrelease = checked;
            return this;
        }

        public Builder linuxOssVersion(String v) {
            Optional<String> checked = Optional.of(v);
            checkOptional(checked, "linux_oss_version");
            linuxOssVersion = checked;
            return this;
        }

        /** Adds or replaces a label. */
        public Builder label(String key, String value) {
            Checks.nonBlank(key, "label name", CFG);
            labels.put(key, Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder osrelease(String v) {
            Optional<String> checked = Optional.of(v);
            checkOptional(checked, "osrelease");
            osrelease = checked;
            return this;
        }

        public Builder osreldate(int v) {
            checkOsreldate(v);
            osreldate = Optional.of(v);
            return this;
        }

        /** The configuration. @throws XcException {@link ErrorCode#INVALID_IMAGE_CONFIG} when fields disagree */
        public JailConfig build() {
            return new JailConfig(version, secureLevel, vnet, ports, devfsRules, allow, sysvMsg, sysvShm, sysvSem,
                    envs, entryPoints, defaultEntryPoint, specialMounts, mounts, datasets, init, deinit, linux,
                    linuxOsname, linuxOsrelease, linuxOssVersion, labels, osrelease, osreldate);
        }
    }
}
