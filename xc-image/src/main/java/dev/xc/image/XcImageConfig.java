package dev.xc.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.DatasetSpec;
import dev.xc.api.image.Digest;
import dev.xc.api.image.EntryPoint;
import dev.xc.api.image.EnvSpec;
import dev.xc.api.image.ExposedPort;
import dev.xc.api.image.Interpolation;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.SpecialMount;
import dev.xc.api.image.SysvMode;
import dev.xc.api.image.VolumeSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mapping between image configs and {@link JailConfig}, compatible with the original xc.
 *
 * <p>Reading ({@link #jailConfig}): when {@code config.xc_extension} is present it is the jail config, read with the
 * original's rules (the keys it requires are required here too, missing optional keys and {@code null}s take the
 * original's defaults, unknown keys are ignored); a present but invalid extension is an error
 * ({@link ErrorCode#INVALID_IMAGE_CONFIG} naming the key), never a silent fallback. Without it the Docker/OCI
 * container defaults are converted ({@link #fromDocker}).
 *
 * <p>Writing ({@link #extensionNode}, {@link #writeImageConfig}): the shape of the original's Appendix C document,
 * keys in its order, every absent optional value written as {@code null}, {@code "os": "FreeBSD"}. Unlike the
 * original, images written here also carry real OCI {@code Entrypoint}, {@code Cmd}, {@code Env}, {@code WorkingDir},
 * {@code User}, {@code ExposedPorts}, {@code Volumes} and {@code Labels}, so that other tools can read them.
 *
 * <p>Stateless and thread-safe.
 */
public final class XcImageConfig {

    /** The key of the jail config inside the OCI {@code config} object. */
    public static final String EXTENSION = "xc_extension";
    /** The entry point name a converted Docker image gets. */
    public static final String OCI_ENTRY_POINT = "oci_entry_point";
    /** The {@code os} value the original xc writes. */
    public static final String FREEBSD_OS = "FreeBSD";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> OCI_KEYS = List.of("AttachStderr", "AttachStdin", "AttachStdout", "Entrypoint",
            "Cmd", "Env", "Tty", "WorkingDir", "Volumes", "ExposedPorts", "User", "Labels", "StopSignal");
    private static final Pattern LEADING_PORTS = Pattern.compile("([0-9]+)(?:-([0-9]+))?");

    private XcImageConfig() {
    }

    /**
     * The jail config of an image config document: its {@code xc_extension}, or the conversion of its Docker/OCI
     * container defaults when it has none.
     *
     * @throws XcException {@link ErrorCode#MALFORMED_CONTENT} when the document is not an image config;
     *                     {@link ErrorCode#INVALID_IMAGE_CONFIG} when its {@code xc_extension} is invalid
     */
    public static JailConfig jailConfig(byte[] imageConfigJson) {
        return jailConfig(ImageJson.readConfig(imageConfigJson));
    }

    /** The jail config of a parsed image config; see {@link #jailConfig(byte[])}. */
    public static JailConfig jailConfig(OciImageConfig config) {
        Optional<JailConfig> ext = extension(config.config());
        return ext.orElseGet(() -> fromDocker(config));
    }

    /** The {@code xc_extension} of a {@code config} object, when present and not {@code null}. */
    public static Optional<JailConfig> extension(ObjectNode configObject) {
        JsonNode x = configObject.get(EXTENSION);
        if (x == null || x.isNull()) {
            return Optional.empty();
        }
        return Optional.of(readExtension(x));
    }

    // ------------------------------------------------------------------ reading xc_extension

    /** Reads an {@code xc_extension} object. */
    public static JailConfig readExtension(JsonNode x) {
        String at = EXTENSION;
        ObjectNode o = obj(x, at);
        Map<ExposedPort, String> ports = new LinkedHashMap<>();
        fields(required(o, "ports", at), at + ".ports").forEach((k, v) -> ports.put(port(k, at + ".ports"),
                text(v, at + ".ports." + k)));
        Map<String, EnvSpec> envs = new LinkedHashMap<>();
        fields(optional(o, "envs"), at + ".envs").forEach((k, v) -> envs.put(k, envSpec(v, at + ".envs." + k)));
        Map<String, EntryPoint> eps = new LinkedHashMap<>();
        fields(required(o, "entry_points", at), at + ".entry_points").forEach((k, v) ->
                eps.put(k, exec(v, at + ".entry_points." + k)));
        List<SpecialMount> special = new ArrayList<>();
        for (JsonNode s : arr(required(o, "special_mounts", at), at + ".special_mounts")) {
            ObjectNode so = obj(s, at + ".special_mounts[]");
            special.add(new SpecialMount(reqText(so, "mount_point", at + ".special_mounts[]"),
                    reqText(so, "mount_type", at + ".special_mounts[]")));
        }
        Map<String, VolumeSpec> mounts = new LinkedHashMap<>();
        fields(required(o, "mounts", at), at + ".mounts").forEach((k, v) -> mounts.put(k,
                mountSpec(v, at + ".mounts." + k)));
        Map<String, DatasetSpec> datasets = new LinkedHashMap<>();
        fields(optional(o, "datasets"), at + ".datasets").forEach((k, v) -> {
            String p = at + ".datasets." + k;
            ObjectNode d = obj(v, p);
            datasets.put(k, new DatasetSpec(reqText(d, "name", p), reqBool(d, "required", p),
                    stringMap(required(d, "required_props", p), p + ".required_props")));
        });
        Optional<Integer> osreldate = Optional.empty();
        JsonNode rd = optional(o, "osreldate");
        if (rd != null) {
            if (!rd.canConvertToInt()) {
                throw bad(at + ".osreldate", "must be an integer");
            }
            osreldate = Optional.of(rd.asInt());
        }
        JsonNode sl = required(o, "secure_level", at);
        if (!sl.canConvertToInt()) {
            throw bad(at + ".secure_level", "must be an integer");
        }
        String version = optText(o, "version", at).orElse(JailConfig.DEFAULT_VERSION);
        boolean vnet = optBool(o, "vnet", at);
        List<String> devfs = textList(required(o, "devfs_rules", at), at + ".devfs_rules");
        List<String> allow = textList(required(o, "allow", at), at + ".allow");
        SysvMode msg = sysv(o, "sysv_msg", at);
        SysvMode shm = sysv(o, "sysv_shm", at);
        SysvMode sem = sysv(o, "sysv_sem", at);
        Optional<String> defaultEp = optText(o, "default_entry_point", at);
        List<EntryPoint> init = execs(optional(o, "init"), at + ".init");
        List<EntryPoint> deinit = execs(optional(o, "deinit"), at + ".deinit");
        boolean linux = optBool(o, "linux", at);
        Optional<String> osname = optText(o, "linux_osname", at);
        Optional<String> osrel = optText(o, "linux_osrelease", at);
        Optional<String> oss = optText(o, "linux_oss_version", at);
        Map<String, String> labels = stringMap(optional(o, "labels"), at + ".labels");
        Optional<String> osrelease = optText(o, "osrelease", at);
        try {
            return new JailConfig(version, sl.asInt(), vnet, ports, devfs, allow, msg, shm, sem, envs, eps,
                    defaultEp, special, mounts, datasets, init, deinit, linux, osname, osrel, oss, labels, osrelease,
                    osreldate);
        } catch (XcException e) {
            throw XcException.of(ErrorCode.INVALID_IMAGE_CONFIG, "invalid " + EXTENSION + " in the image config: "
                    + e.getMessage(), e.hint(), e);
        }
    }

    private static EnvSpec envSpec(JsonNode v, String p) {
        ObjectNode o = obj(v, p);
        return new EnvSpec(optText(o, "description", p), reqBool(o, "required", p), optText(o, "default_value", p));
    }

    private static VolumeSpec mountSpec(JsonNode v, String p) {
        ObjectNode o = obj(v, p);
        Map<String, String> hints = new LinkedHashMap<>();
        fields(required(o, "volume_hints", p), p + ".volume_hints").forEach((k, h) ->
                hints.put(k, h.isTextual() ? h.asText() : h.toString()));
        return new VolumeSpec(reqText(o, "description", p), reqText(o, "destination", p), hints,
                reqBool(o, "read_only", p), optBool(o, "required", p));
    }

    private static List<EntryPoint> execs(JsonNode n, String p) {
        List<EntryPoint> out = new ArrayList<>();
        if (n != null) {
            int i = 0;
            for (JsonNode e : arr(n, p)) {
                out.add(exec(e, p + "[" + i++ + "]"));
            }
        }
        return out;
    }

    private static EntryPoint exec(JsonNode v, String p) {
        ObjectNode o = obj(v, p);
        return new EntryPoint(reqText(o, "exec", p), textList(required(o, "args", p), p + ".args"),
                stringMap(required(o, "environ", p), p + ".environ"), optBool(o, "clear_env", p),
                textList(required(o, "default_args", p), p + ".default_args"),
                textList(required(o, "required_envs", p), p + ".required_envs"), optText(o, "work_dir", p),
                optText(o, "user", p), optText(o, "group", p));
    }

    private static SysvMode sysv(ObjectNode o, String key, String at) {
        Optional<String> t = optText(o, key, at);
        try {
            return t.map(SysvMode::parse).orElse(SysvMode.DISABLE);
        } catch (XcException e) {
            throw bad(at + "." + key, "must be \"new\", \"inherit\" or \"disable\", not \"" + t.get() + "\"");
        }
    }

    /**
     * A {@code ports} key. The strict form is {@code PORT[-PORT][/tcp|udp]}; as the original xc did, a key that
     * starts with a port or range and continues with something else ({@code 80/sctp}) is read as that port or range
     * for both protocols. A key that does not start with a digit is an error.
     */
    static ExposedPort port(String key, String p) {
        try {
            return ExposedPort.parse(key);
        } catch (XcException e) {
            Matcher m = LEADING_PORTS.matcher(key);
            if (m.lookingAt()) {
                try {
                    int a = Integer.parseInt(m.group(1));
                    int b = m.group(2) == null ? a : Integer.parseInt(m.group(2));
                    return new ExposedPort(a, b, Optional.empty());
                } catch (RuntimeException ignored) {
                    // fall through to the error
                }
            }
            throw bad(p, "key '" + key + "' is not a port: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ Docker conversion

    /**
     * Converts the container defaults of a Docker/OCI image (section 3.3 of the original's reference), without the
     * original's bugs: {@code os} is compared case-insensitively ({@code freebsd} is not Linux), {@code User} is
     * honoured ({@code user[:group]}), {@code architecture} is kept, and strings such as {@code $1} are accepted.
     * Docker does not expand variables in {@code Entrypoint}, {@code Cmd} or {@code Env}, so their text is kept
     * literal ({@code $} is escaped for {@link Interpolation}). {@code Env} names that are not variable names
     * ({@code a.b}, {@code a-b}) cannot be represented and are left out, instead of failing the pull.
     * {@code Volumes} become volume specs keyed by their path; {@code ExposedPorts} become ports with an empty
     * description; labels are copied; System V IPC is {@code new}; no permissions or devfs rules are added.
     */
    public static JailConfig fromDocker(OciImageConfig image) {
        ContainerConfig c = image.containerConfig();
        JailConfig.Builder b = JailConfig.builder()
                .sysvMsg(SysvMode.NEW).sysvShm(SysvMode.NEW).sysvSem(SysvMode.NEW)
                .linux(!image.os().equalsIgnoreCase("freebsd"));
        for (String v : c.volumes()) {
            b.mount(v, VolumeSpec.at(v));
        }
        for (String k : c.exposedPorts()) {
            if (!k.isEmpty() && Character.isDigit(k.charAt(0))) {
                b.port(port(k, "ExposedPorts"), "");
            }
        }
        c.labels().forEach(b::label);
        List<String> argv;
        List<String> defaults;
        if (!c.entrypoint().isEmpty()) {
            argv = c.entrypoint();
            defaults = c.cmd();
        } else {
            argv = c.cmd();
            defaults = List.of();
        }
        if (!argv.isEmpty()) {
            Map<String, String> environ = new LinkedHashMap<>();
            for (String kv : c.env()) {
                int eq = kv.indexOf('=');
                String k = eq < 0 ? kv : kv.substring(0, eq);
                if (Interpolation.isVariableName(k)) {
                    environ.put(k, literal(eq < 0 ? "" : kv.substring(eq + 1)));
                }
            }
            Optional<String> user = c.user().map(u -> u.contains(":") ? u.substring(0, u.indexOf(':')) : u)
                    .filter(u -> !u.isBlank());
            Optional<String> group = c.user().filter(u -> u.contains(":"))
                    .map(u -> u.substring(u.indexOf(':') + 1)).filter(g -> !g.isBlank());
            EntryPoint ep = new EntryPoint(argv.getFirst(), argv.subList(1, argv.size()).stream()
                    .map(XcImageConfig::literal).toList(), environ, false,
                    defaults.stream().map(XcImageConfig::literal).toList(), List.of(),
                    c.workingDir().filter(d -> d.startsWith("/")), user, group);
            b.entryPoint(OCI_ENTRY_POINT, ep).defaultEntryPoint(OCI_ENTRY_POINT);
        }
        return b.build();
    }

    private static String literal(String s) {
        return Interpolation.literal(s).toString();
    }

    // ------------------------------------------------------------------ writing

    /** The {@code xc_extension} object for {@code c}, exactly in the original's shape (Appendix C). */
    public static ObjectNode extensionNode(JailConfig c) {
        ObjectNode o = F.objectNode();
        o.put("version", c.version());
        o.put("secure_level", c.secureLevel());
        o.put("vnet", c.vnet());
        ObjectNode ports = o.putObject("ports");
        c.ports().forEach((k, v) -> ports.put(k.toString(), v));
        textArray(o.putArray("devfs_rules"), c.devfsRules());
        textArray(o.putArray("allow"), c.allow());
        o.put("sysv_msg", c.sysvMsg().id());
        o.put("sysv_shm", c.sysvShm().id());
        o.put("sysv_sem", c.sysvSem().id());
        ObjectNode envs = o.putObject("envs");
        c.envs().forEach((k, v) -> {
            ObjectNode e = envs.putObject(k);
            putOpt(e, "description", v.description());
            e.put("required", v.required());
            putOpt(e, "default_value", v.defaultValue());
        });
        ObjectNode eps = o.putObject("entry_points");
        c.entryPoints().forEach((k, v) -> eps.set(k, execNode(v)));
        putOpt(o, "default_entry_point", c.defaultEntryPoint());
        ArrayNode sm = o.putArray("special_mounts");
        c.specialMounts().forEach(s -> {
            ObjectNode n = sm.addObject();
            n.put("mount_point", s.mountPoint());
            n.put("mount_type", s.mountType());
        });
        ObjectNode mounts = o.putObject("mounts");
        c.mounts().forEach((k, v) -> {
            ObjectNode m = mounts.putObject(k);
            m.put("description", v.description());
            m.put("destination", v.destination());
            ObjectNode h = m.putObject("volume_hints");
            v.hints().forEach(h::put);
            m.put("read_only", v.readOnly());
            m.put("required", v.required());
        });
        ObjectNode ds = o.putObject("datasets");
        c.datasets().forEach((k, v) -> {
            ObjectNode d = ds.putObject(k);
            d.put("name", v.name());
            d.put("required", v.required());
            ObjectNode p = d.putObject("required_props");
            v.requiredProps().forEach(p::put);
        });
        ArrayNode init = o.putArray("init");
        c.init().forEach(e -> init.add(execNode(e)));
        ArrayNode deinit = o.putArray("deinit");
        c.deinit().forEach(e -> deinit.add(execNode(e)));
        o.put("linux", c.linux());
        putOpt(o, "linux_osname", c.linuxOsname());
        putOpt(o, "linux_osrelease", c.linuxOsrelease());
        putOpt(o, "linux_oss_version", c.linuxOssVersion());
        ObjectNode labels = o.putObject("labels");
        c.labels().forEach(labels::put);
        putOpt(o, "osrelease", c.osrelease());
        if (c.osreldate().isPresent()) {
            o.put("osreldate", c.osreldate().get());
        } else {
            o.putNull("osreldate");
        }
        return o;
    }

    private static ObjectNode execNode(EntryPoint e) {
        ObjectNode o = F.objectNode();
        o.put("exec", e.exec());
        textArray(o.putArray("args"), e.args());
        ObjectNode env = o.putObject("environ");
        e.environ().forEach(env::put);
        o.put("clear_env", e.clearEnv());
        textArray(o.putArray("default_args"), e.defaultArgs());
        textArray(o.putArray("required_envs"), e.requiredEnvs());
        putOpt(o, "work_dir", e.workDir());
        putOpt(o, "user", e.user());
        putOpt(o, "group", e.group());
        return o;
    }

    /**
     * The {@code config} object of an image xc builds: the thirteen OCI keys the original writes (filled from the
     * default entry point, the env defaults, the volumes, ports and labels; {@code null} where there is nothing)
     * followed by {@code xc_extension}.
     */
    public static ObjectNode configObject(JailConfig c) {
        ObjectNode o = F.objectNode();
        for (String k : OCI_KEYS) {
            o.putNull(k);
        }
        Optional<EntryPoint> main = c.defaultEntryPoint().map(c.entryPoints()::get)
                .or(() -> Optional.ofNullable(c.entryPoints().get(JailConfig.MAIN)));
        main.ifPresent(ep -> {
            ArrayNode entry = o.putArray("Entrypoint");
            entry.add(ep.exec());
            textArray(entry, ep.args());
            if (!ep.defaultArgs().isEmpty()) {
                textArray(o.putArray("Cmd"), ep.defaultArgs());
            }
            ep.workDir().ifPresent(d -> o.put("WorkingDir", d));
            ep.user().ifPresent(u -> o.put("User", u + ep.group().map(g -> ":" + g).orElse("")));
        });
        List<String> env = new ArrayList<>();
        c.envs().forEach((k, v) -> v.defaultValue().ifPresent(d -> env.add(k + "=" + d)));
        if (!env.isEmpty()) {
            textArray(o.putArray("Env"), env);
        }
        if (!c.mounts().isEmpty()) {
            ObjectNode vols = o.putObject("Volumes");
            c.mounts().values().forEach(v -> vols.putObject(v.destination()));
        }
        if (!c.ports().isEmpty()) {
            ObjectNode ports = o.putObject("ExposedPorts");
            c.ports().keySet().forEach(p -> {
                for (String proto : p.protocol().map(x -> List.of(x.toString().toLowerCase(Locale.ROOT)))
                        .orElse(List.of("tcp", "udp"))) {
                    ports.putObject((p.isRange() ? p.port() + "-" + p.endPort() : String.valueOf(p.port())) + "/"
                            + proto);
                }
            });
        }
        if (!c.labels().isEmpty()) {
            ObjectNode l = o.putObject("Labels");
            c.labels().forEach(l::put);
        }
        o.set(EXTENSION, extensionNode(c));
        return o;
    }

    /**
     * A whole image config document for an image xc builds, in the original's shape:
     * {@code architecture}, {@code "os": "FreeBSD"} (or {@code linux} for a Linux jail config), {@code config}
     * ({@link #configObject}), {@code rootfs} and an empty {@code history}.
     */
    public static byte[] writeImageConfig(JailConfig c, String architecture, List<Digest> diffIds) {
        ObjectNode o = F.objectNode();
        o.put("architecture", architecture);
        o.put("os", c.linux() ? "linux" : FREEBSD_OS);
        o.set("config", configObject(c));
        ObjectNode rootfs = o.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        o.putArray("history");
        return ImageJson.bytes(o);
    }

    // ------------------------------------------------------------------ JSON helpers

    private static void textArray(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static void putOpt(ObjectNode o, String k, Optional<String> v) {
        if (v.isPresent()) {
            o.put(k, v.get());
        } else {
            o.putNull(k);
        }
    }

    private static ObjectNode obj(JsonNode n, String p) {
        if (n == null || !n.isObject()) {
            throw bad(p, "must be a JSON object");
        }
        return (ObjectNode) n;
    }

    private static JsonNode required(ObjectNode o, String key, String p) {
        JsonNode n = o.get(key);
        if (n == null || n.isNull()) {
            throw bad(p + "." + key, "is required");
        }
        return n;
    }

    private static JsonNode optional(ObjectNode o, String key) {
        JsonNode n = o.get(key);
        return n == null || n.isNull() ? null : n;
    }

    private static String reqText(ObjectNode o, String key, String p) {
        return text(required(o, key, p), p + "." + key);
    }

    private static String text(JsonNode n, String p) {
        if (!n.isTextual()) {
            throw bad(p, "must be a string");
        }
        return n.asText();
    }

    private static Optional<String> optText(ObjectNode o, String key, String p) {
        JsonNode n = optional(o, key);
        return n == null ? Optional.empty() : Optional.of(text(n, p + "." + key));
    }

    private static boolean reqBool(ObjectNode o, String key, String p) {
        JsonNode n = required(o, key, p);
        if (!n.isBoolean()) {
            throw bad(p + "." + key, "must be true or false");
        }
        return n.asBoolean();
    }

    private static boolean optBool(ObjectNode o, String key, String p) {
        JsonNode n = optional(o, key);
        if (n == null) {
            return false;
        }
        if (!n.isBoolean()) {
            throw bad(p + "." + key, "must be true or false");
        }
        return n.asBoolean();
    }

    private static Iterable<JsonNode> arr(JsonNode n, String p) {
        if (!n.isArray()) {
            throw bad(p, "must be a JSON array");
        }
        return n;
    }

    private static List<String> textList(JsonNode n, String p) {
        List<String> out = new ArrayList<>();
        if (n != null) {
            int i = 0;
            for (JsonNode x : arr(n, p)) {
                out.add(text(x, p + "[" + i++ + "]"));
            }
        }
        return out;
    }

    private static Map<String, JsonNode> fields(JsonNode n, String p) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        obj(n, p);
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonNode n, String p) {
        Map<String, String> out = new LinkedHashMap<>();
        fields(n, p).forEach((k, v) -> out.put(k, text(v, p + "." + k)));
        return out;
    }

    private static XcException bad(String path, String problem) {
        return XcException.invalid(ErrorCode.INVALID_IMAGE_CONFIG, "invalid image config: " + path + " " + problem,
                "fix the image's xc_extension (see 'xc image describe') or rebuild the image");
    }
}
