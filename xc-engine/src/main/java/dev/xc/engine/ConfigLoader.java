package dev.xc.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.xc.api.ErrorCode;
import dev.xc.api.Problem;
import dev.xc.api.XcException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads {@code xc.conf} (YAML; JSON is YAML too) into an {@link EngineConfig}, checks every key, and reports every
 * problem at once in one {@link XcException} with code {@link ErrorCode#INVALID_CONFIG}.
 *
 * <p>Two starting points:
 * <ul>
 *   <li><b>system</b>: a configuration file exists (given, or {@value #SYSTEM_CONFIG}). Defaults are the original
 *       xc's ({@code /var/db/xc.sqlite}, {@code /var/cache}, {@code /var/log/xc}, {@code /var/run/xc.sock}, ...),
 *       unless the file (or the caller) names a {@code state_dir}: then every path defaults under it.</li>
 *   <li><b>embedded default</b>: no file. Everything lives under one per-user state directory
 *       ({@code $XC_STATE_DIR}, else {@code $XDG_DATA_HOME/xc}, else {@code ~/.local/share/xc}); storage is plain
 *       directories and there is no firewall.</li>
 * </ul>
 * Unknown keys are errors with a suggestion (a misspelt {@code image_datset} silently ignored would leave a user
 * puzzled), except {@code networks}, which old configurations carry and which is ignored with a warning.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigLoader {

    /** Where the daemon looks for its configuration when none is given. */
    public static final String SYSTEM_CONFIG = "/usr/local/etc/xc.conf";

    private static final Set<String> KNOWN = Set.of("ext_ifs", "image_dataset", "container_dataset",
            "default_volume_driver", "default_volume_dataset", "default_volume_directory", "image_database_store",
            "layers_dir", "logs_dir", "devfs_id_offset", "database_store", "socket_path", "registries",
            "force_devfs_ruleset", "inventory", "warn_only", "state_dir", "storage", "jail", "firewall", "devfs",
            "tracing", "host", "backends");
    private static final Set<String> OBSOLETE = Set.of("networks");
    private static final Pattern DATASET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*(/[A-Za-z0-9_.:-]+)*");
    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern IFACE = Pattern.compile("[A-Za-z][A-Za-z0-9_.]*");

    private final Map<String, String> environment;
    private final Path systemConfig;

    /**
     * A loader that reads {@code XC_STATE_DIR}, {@code XDG_DATA_HOME} and {@code HOME} from {@code environment} and
     * falls back to {@code systemConfig} when no file is named.
     */
    public ConfigLoader(Map<String, String> environment, Path systemConfig) {
        this.environment = Map.copyOf(environment);
        this.systemConfig = systemConfig;
    }

    /** A loader with {@code environment} and the standard system configuration path. */
    public ConfigLoader(Map<String, String> environment) {
        this(environment, Path.of(SYSTEM_CONFIG));
    }

    /** A loader using the process environment. */
    public static ConfigLoader system() {
        return new ConfigLoader(System.getenv());
    }

    /** The result of loading: the configuration, where it came from, and warnings. */
    public record Loaded(EngineConfig config, Optional<Path> source, List<String> warnings) {
        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Loads the configuration.
     *
     * @param file the file to read; empty means the system configuration when it exists, else the embedded default
     * @param stateDir overrides the embedded default's state directory
     * @param overrides keys that win over the file, as text (lists comma-separated)
     * @throws XcException with every problem listed when a key is unknown, of the wrong type or out of range, or the
     *         file cannot be read
     */
    public Loaded load(Optional<Path> file, Optional<Path> stateDir, Map<String, String> overrides) {
        Optional<Path> source = file.or(() -> Files.isRegularFile(systemConfig)
                ? Optional.of(systemConfig) : Optional.empty());
        Map<String, JsonNode> keys = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String where = source.map(Path::toString).orElse("the embedded default");
        if (source.isPresent()) {
            readFile(source.get(), keys, problems);
        }
        ObjectMapper m = new ObjectMapper();
        overrides.forEach((k, v) -> keys.put(k, overrideNode(m, k, v)));

        for (String k : keys.keySet()) {
            if (OBSOLETE.contains(k)) {
                warnings.add("key '" + k + "' in " + where + " is obsolete and ignored; networks live in the "
                        + "inventory and are managed with 'xc network'");
            } else if (!KNOWN.contains(k)) {
                problems.add(Problem.of(ErrorCode.INVALID_CONFIG, "unknown key '" + k + "'",
                        suggestion(k)));
            }
        }

        Optional<Path> explicitState = stateDir.or(() -> path(keys, "state_dir", problems));
        // paths default under the state directory for the embedded default and whenever one is named; a system
        // configuration without state_dir keeps the original xc's locations
        boolean embedded = source.isEmpty() || explicitState.isPresent();
        Path state = explicitState.orElseGet(() -> source.isEmpty() ? defaultStateDir() : Path.of("/var/db/xc"));
        Reader r = new Reader(keys, problems);

        List<String> extIfs = r.stringList("ext_ifs", IFACE, "an interface name such as em0");
        Optional<String> imageDataset = r.dataset("image_dataset");
        Optional<String> containerDataset = r.dataset("container_dataset");
        Optional<String> volumeDataset = r.dataset("default_volume_dataset");
        Optional<Path> volumeDir = r.path("default_volume_directory");
        Optional<String> volumeDriver = r.choice("default_volume_driver", Set.of("zfs", "directory"));
        Path imageDb = r.path("image_database_store")
                .orElse(embedded ? state.resolve("images.sqlite") : Path.of("/var/db/xc.sqlite"));
        Path db = r.path("database_store")
                .orElse(embedded ? state.resolve("state.sqlite") : Path.of("/var/db/xc.sqlite"));
        Path layers = r.path("layers_dir").orElse(embedded ? state.resolve("layers") : Path.of("/var/cache"));
        Path logs = r.path("logs_dir").orElse(embedded ? state.resolve("logs") : Path.of("/var/log/xc"));
        Path socket = r.path("socket_path").orElse(embedded ? state.resolve("xc.sock") : Path.of("/var/run/xc.sock"));
        Path registries = r.path("registries")
                .orElse(embedded ? state.resolve("registries.json") : Path.of("/var/db/xc.registries.json"));
        Path inventory = r.path("inventory")
                .orElse(embedded ? state.resolve("inventory.json") : Path.of("/usr/local/etc/inventory.json"));
        int offset = r.integer("devfs_id_offset", 1, 65535).orElse(1000);
        Optional<Integer> force = r.integer("force_devfs_ruleset", 1, 65535);
        boolean warnOnly = r.bool("warn_only").orElse(false);

        Map<String, String> backends = new LinkedHashMap<>();
        for (String kind : EngineConfig.KINDS) {
            r.name(kind).ifPresent(n -> backends.put(kind, n));
        }
        if (source.isEmpty()) {
            backends.putIfAbsent("storage", "directory");
            backends.putIfAbsent("firewall", "none");
        }
        if (backends.get("storage") instanceof String s && s.equals("none")) {
            problems.add(Problem.of(ErrorCode.INVALID_CONFIG, "storage cannot be 'none'",
                    "use storage: zfs (with image_dataset and container_dataset) or storage: directory"));
        }
        if ("zfs".equals(backends.get("storage"))) {
            if (imageDataset.isEmpty()) {
                problems.add(Problem.of(ErrorCode.INVALID_CONFIG, "storage 'zfs' needs image_dataset",
                        "add image_dataset: zroot/xc/datasets (a dataset that exists)"));
            }
            if (containerDataset.isEmpty()) {
                problems.add(Problem.of(ErrorCode.INVALID_CONFIG, "storage 'zfs' needs container_dataset",
                        "add container_dataset: zroot/xc/run (a dataset that exists)"));
            }
        }
        Map<String, Map<String, String>> settings = r.sections("backends");

        if (!problems.isEmpty()) {
            throw XcException.ofProblems(ErrorCode.INVALID_CONFIG,
                    "the configuration in " + where + " has " + problems.size() + " problem"
                            + (problems.size() == 1 ? "" : "s") + ":", problems);
        }
        EngineConfig cfg = new EngineConfig(extIfs, imageDataset, containerDataset, volumeDataset, volumeDir,
                volumeDriver, imageDb, db, layers, logs, socket, registries, inventory, offset, force, warnOnly,
                state, backends, settings);
        return new Loaded(cfg, source, warnings);
    }

    /** The embedded default's state directory for this user. */
    public Path defaultStateDir() {
        String xc = environment.get("XC_STATE_DIR");
        if (xc != null && !xc.isBlank()) {
            return Path.of(xc);
        }
        String xdg = environment.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "xc");
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "share", "xc");
    }

    private static void readFile(Path file, Map<String, JsonNode> keys, List<Problem> problems) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            problems.add(Problem.of(ErrorCode.INVALID_CONFIG, "cannot read " + file + ": " + msg,
                    Files.exists(file) ? "fix the YAML syntax at the place named" : "create the file or pass another with --config"));
            return;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            problems.add(Problem.of(ErrorCode.INVALID_CONFIG, file + " must hold a mapping of keys",
                    "write keys such as 'image_dataset: zroot/xc/datasets', one per line"));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            keys.put(e.getKey(), e.getValue());
        }
    }

    private static JsonNode overrideNode(ObjectMapper m, String key, String value) {
        if (key.equals("ext_ifs")) {
            var arr = m.createArrayNode();
            for (String s : value.split(",")) {
                if (!s.isBlank()) {
                    arr.add(s.strip());
                }
            }
            return arr;
        }
        return m.getNodeFactory().textNode(value);
    }

    private static Optional<Path> path(Map<String, JsonNode> keys, String key, List<Problem> problems) {
        return new Reader(keys, problems).path(key);
    }

    private static String suggestion(String key) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String k : new java.util.TreeSet<>(KNOWN)) {
            int d = distance(key, k);
            if (d < bestDist) {
                bestDist = d;
                best = k;
            }
        }
        return best != null && bestDist <= Math.max(2, key.length() / 3)
                ? "did you mean '" + best + "'?"
                : "remove it; known keys are " + String.join(", ", new java.util.TreeSet<>(KNOWN));
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Typed access to the key map, adding a problem for each bad value. */
    private record Reader(Map<String, JsonNode> keys, List<Problem> problems) {

        Optional<JsonNode> node(String key) {
            JsonNode n = keys.get(key);
            return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
        }

        void bad(String key, JsonNode n, String want, String example) {
            problems.add(Problem.of(ErrorCode.INVALID_CONFIG,
                    "key '" + key + "' must be " + want + ", found " + describe(n),
                    "write it like " + key + ": " + example));
        }

        Optional<String> text(String key, String want, String example) {
            Optional<JsonNode> n = node(key);
            if (n.isEmpty()) {
                return Optional.empty();
            }
            if (!n.get().isTextual() || n.get().asText().isBlank()) {
                bad(key, n.get(), want, example);
                return Optional.empty();
            }
            return Optional.of(n.get().asText());
        }

        Optional<Path> path(String key) {
            Optional<String> t = text(key, "an absolute path", "/var/db/xc.sqlite");
            if (t.isEmpty()) {
                return Optional.empty();
            }
            try {
                Path p = Path.of(t.get());
                if (!p.isAbsolute()) {
                    problems.add(Problem.of(ErrorCode.INVALID_CONFIG,
                            "key '" + key + "' must be an absolute path, found '" + t.get() + "'",
                            "start it with /, e.g. " + key + ": /var/db/" + p.getFileName()));
                    return Optional.empty();
                }
                return Optional.of(p.normalize());
            } catch (InvalidPathException e) {
                problems.add(Problem.of(ErrorCode.INVALID_CONFIG,
                        "key '" + key + "' is not a valid path: " + e.getReason(), "use a plain absolute path"));
                return Optional.empty();
            }
        }

        Optional<String> dataset(String key) {
            Optional<String> t = text(key, "a ZFS dataset name", "zroot/xc/datasets");
            if (t.isPresent() && !DATASET.matcher(t.get()).matches()) {
                problems.add(Problem.of(ErrorCode.INVALID_CONFIG,
                        "key '" + key + "' is not a ZFS dataset name: '" + t.get() + "'",
                        "write pool/path without a leading slash, e.g. zroot/xc/datasets"));
                return Optional.empty();
            }
            return t;
        }

        Optional<String> choice(String key, Set<String> allowed) {
            Optional<String> t = text(key, "one of " + new java.util.TreeSet<>(allowed), allowed.iterator().next());
            if (t.isPresent() && !allowed.contains(t.get())) {
                problems.add(Problem.of(ErrorCode.INVALID_CONFIG,
                        "key '" + key + "' must be one of " + new java.util.TreeSet<>(allowed) + ", found '" + t.get() + "'",
                        "pick one of the listed values"));
                return Optional.empty();
            }
            return t;
        }

        Optional<String> name(String key) {
            Optional<String> t = text(key, "a provider name", "zfs");
            if (t.isPresent() && !PROVIDER_NAME.matcher(t.get()).matches()) {
                problems.add(Problem.of(ErrorCode.INVALID_CONFIG,
                        "key '" + key + "' must name a provider (lower-case letters, digits, '-'), found '" + t.get() + "'",
                        "run 'xc info' to list the providers found"));
                return Optional.empty();
            }
            return t;
        }

        Optional<Integer> integer(String key, int min, int max) {
            Optional<JsonNode> n = node(key);
            if (n.isEmpty()) {
                return Optional.empty();
            }
            JsonNode v = n.get();
            long value;
            if (v.isIntegralNumber()) {
                value = v.asLong();
            } else if (v.isTextual() && v.asText().matches("[0-9]{1,9}")) {
                value = Long.parseLong(v.asText());
            } else {
                bad(key, v, "a whole number from " + min + " to " + max, Integer.toString(min));
                return Optional.empty();
            }
            if (value < min || value > max) {
                problems.add(Problem.of(ErrorCode.INVALID_CONFIG,
                        "key '" + key + "' must be from " + min + " to " + max + ", found " + value,
                        "pick a number in that range"));
                return Optional.empty();
            }
            return Optional.of((int) value);
        }

        Optional<Boolean> bool(String key) {
            Optional<JsonNode> n = node(key);
            if (n.isEmpty()) {
                return Optional.empty();
            }
            JsonNode v = n.get();
            if (v.isBoolean()) {
                return Optional.of(v.asBoolean());
            }
            if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
                return Optional.of(Boolean.parseBoolean(v.asText()));
            }
            bad(key, v, "true or false", "false");
            return Optional.empty();
        }

        List<String> stringList(String key, Pattern item, String what) {
            Optional<JsonNode> n = node(key);
            if (n.isEmpty()) {
                return List.of();
            }
            JsonNode v = n.get();
            List<String> out = new ArrayList<>();
            if (v.isTextual()) {
                v = new ObjectMapper().createArrayNode().add(v.asText());
            }
            if (!v.isArray()) {
                bad(key, v, "a list", "[em0]");
                return List.of();
            }
            for (JsonNode e : v) {
                if (!e.isTextual() || !item.matcher(e.asText()).matches()) {
                    problems.add(Problem.of(ErrorCode.INVALID_CONFIG,
                            "key '" + key + "' holds " + describe(e) + ", which is not " + what,
                            "write it like " + key + ": [em0]"));
                } else {
                    out.add(e.asText());
                }
            }
            return out;
        }

        Map<String, Map<String, String>> sections(String key) {
            Optional<JsonNode> n = node(key);
            Map<String, Map<String, String>> out = new TreeMap<>();
            if (n.isEmpty()) {
                return out;
            }
            if (!n.get().isObject()) {
                bad(key, n.get(), "a mapping of provider name to settings", "{pf: {anchor: xc-rdr}}");
                return out;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = n.get().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isObject()) {
                    bad(key + "." + e.getKey(), e.getValue(), "a mapping of settings", "{key: value}");
                    continue;
                }
                Map<String, String> s = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> f = e.getValue().fields(); f.hasNext(); ) {
                    Map.Entry<String, JsonNode> kv = f.next();
                    if (kv.getValue().isContainerNode()) {
                        bad(key + "." + e.getKey() + "." + kv.getKey(), kv.getValue(), "a plain value", "value");
                    } else {
                        s.put(kv.getKey(), kv.getValue().asText());
                    }
                }
                out.put(e.getKey(), s);
            }
            return out;
        }

        private static String describe(JsonNode n) {
            if (n.isTextual()) {
                return "'" + n.asText() + "'";
            }
            if (n.isArray()) {
                return "a list";
            }
            if (n.isObject()) {
                return "a mapping";
            }
            return n.toString();
        }
    }
}
