package dev.xc.engine.internal.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.spi.MountSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a container is made of, as planned and then stored with it: everything start, restart, exec and teardown need
 * after the request itself is gone, possibly in another engine instance. Values the host decides at apply time (the
 * root path, allocated addresses, the devfs ruleset number) are not in it. Absent text values are empty strings
 * (the record is persisted as JSON; it never leaves the engine). Immutable.
 *
 * @param id the container id (12 hex characters)
 * @param name the jail name
 * @param hostname the jail's host name
 * @param image the image reference as text
 * @param imageDigest the image's manifest digest
 * @param chainId the chain id the root is cloned from; empty for an image without layers
 * @param vnet whether the jail has its own network stack
 * @param linux whether it runs a Linux image
 * @param persist whether the jail outlives its main process
 * @param noClean whether the root, addresses and firewall entries outlive the jail
 * @param restart the restart policy text
 * @param jailParams jail parameters except {@code name}, {@code path}, {@code persist}, the address lists and
 *        {@code devfs_ruleset}, which apply adds
 * @param mounts mounts other than devfs, in order
 * @param devfsImageRules the image's devfs rules
 * @param devfsFeatures requested device families ({@code DevfsFeature} names)
 * @param devfsApproved devfs rules approved in the request
 * @param networks managed-network addresses to allocate
 * @param ips unmanaged {@code --ip} assignments, canonical text
 * @param publish published ports, canonical {@code -p} text
 * @param mainSelector {@code --main-address} text, or empty
 * @param resolvConf {@code nop}, {@code inherit}, or {@code specified:} followed by the file's content
 * @param copies {@code --copy} texts
 * @param datasets {@code -z} texts
 * @param rctl rctl rules
 * @param env the container environment (image defaults and {@code -e}), without the {@code XC_*} variables
 * @param processes init, main and deinit processes, in start order
 * @param netGroups netgroups the container joins when it runs ({@code --net-group}), each a network it joins
 */
record Blueprint(String id, String name, String hostname, String image, String imageDigest, String chainId,
                 boolean vnet, boolean linux, boolean persist, boolean noClean, String restart,
                 Map<String, String> jailParams, List<MountSpec> mounts, List<String> devfsImageRules,
                 List<String> devfsFeatures, List<String> devfsApproved, List<NetPlan> networks, List<String> ips,
                 List<String> publish, String mainSelector, String resolvConf, List<String> copies,
                 List<String> datasets, List<String> rctl, Map<String, String> env, List<ProcessPlan> processes,
                 List<String> netGroups) {

    private static final ObjectMapper JSON = new ObjectMapper();

    Blueprint {
        jailParams = ordered(jailParams);
        mounts = List.copyOf(mounts);
        devfsImageRules = List.copyOf(devfsImageRules);
        devfsFeatures = List.copyOf(devfsFeatures);
        devfsApproved = List.copyOf(devfsApproved);
        networks = List.copyOf(networks);
        ips = List.copyOf(ips);
        publish = List.copyOf(publish);
        copies = List.copyOf(copies);
        datasets = List.copyOf(datasets);
        rctl = List.copyOf(rctl);
        env = ordered(env);
        processes = List.copyOf(processes);
        netGroups = List.copyOf(netGroups);
    }

    /**
     * A managed-network address to allocate.
     *
     * @param network the network name
     * @param address the requested address, or empty for the next free one
     * @param iface the interface that carries it (alias interface, or the bridge of a VNET container)
     */
    record NetPlan(String network, String address, String iface) {
        NetPlan {
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(iface, "iface");
        }
    }

    /**
     * A process the container runs.
     *
     * @param label {@code init.N}, {@code main} or {@code deinit.N}
     * @param argv the resolved command line
     * @param env its own variables on top of (or, with {@code clearEnv}, instead of) the container environment
     * @param clearEnv whether it starts without the container environment
     * @param workDir working directory inside the jail, or empty
     * @param user user to run as, or empty for root
     * @param console whether it runs on a terminal
     */
    record ProcessPlan(String label, List<String> argv, Map<String, String> env, boolean clearEnv, String workDir,
                       String user, boolean console) {
        ProcessPlan {
            argv = List.copyOf(argv);
            env = ordered(env);
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(user, "user");
        }
    }

    /** The main process, if the container has one. */
    java.util.Optional<ProcessPlan> main() {
        return processes.stream().filter(p -> p.label().equals("main")).findFirst();
    }

    List<ProcessPlan> inits() {
        return processes.stream().filter(p -> p.label().startsWith("init.")).toList();
    }

    List<ProcessPlan> deinits() {
        return processes.stream().filter(p -> p.label().startsWith("deinit.")).toList();
    }

    static Map<String, String> ordered(Map<String, String> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    // ------------------------------------------------------------------ JSON

    String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id).put("name", name).put("hostname", hostname).put("image", image)
                .put("imageDigest", imageDigest).put("chainId", chainId).put("vnet", vnet).put("linux", linux)
                .put("persist", persist).put("noClean", noClean).put("restart", restart);
        o.set("jailParams", map(jailParams));
        ArrayNode ms = o.putArray("mounts");
        for (MountSpec m : mounts) {
            ObjectNode n = ms.addObject().put("fsType", m.fsType()).put("source", m.source()).put("target", m.target());
            n.set("options", list(m.options()));
        }
        o.set("devfsImageRules", list(devfsImageRules));
        o.set("devfsFeatures", list(devfsFeatures));
        o.set("devfsApproved", list(devfsApproved));
        ArrayNode ns = o.putArray("networks");
        for (NetPlan n : networks) {
            ns.addObject().put("network", n.network()).put("address", n.address()).put("iface", n.iface());
        }
        o.set("ips", list(ips));
        o.set("publish", list(publish));
        o.put("mainSelector", mainSelector).put("resolvConf", resolvConf);
        o.set("copies", list(copies));
        o.set("datasets", list(datasets));
        o.set("rctl", list(rctl));
        o.set("env", map(env));
        ArrayNode ps = o.putArray("processes");
        for (ProcessPlan p : processes) {
            ObjectNode n = ps.addObject().put("label", p.label());
            n.set("argv", list(p.argv()));
            n.set("env", map(p.env()));
            n.put("clearEnv", p.clearEnv()).put("workDir", p.workDir()).put("user", p.user())
                    .put("console", p.console());
        }
        o.set("netGroups", list(netGroups));
        return o.toString();
    }

    static Blueprint fromJson(String text) {
        JsonNode o;
        try {
            o = JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw XcException.of(ErrorCode.INTERNAL, "a stored container blueprint is not valid JSON: "
                    + e.getMessage(), "the state database may be damaged; remove the container with xc rm -f", e);
        }
        List<MountSpec> mounts = new ArrayList<>();
        for (JsonNode m : o.path("mounts")) {
            mounts.add(new MountSpec(m.path("fsType").asText(), m.path("source").asText(), m.path("target").asText(),
                    strings(m.path("options"))));
        }
        List<NetPlan> nets = new ArrayList<>();
        for (JsonNode n : o.path("networks")) {
            nets.add(new NetPlan(n.path("network").asText(), n.path("address").asText(), n.path("iface").asText()));
        }
        List<ProcessPlan> procs = new ArrayList<>();
        for (JsonNode p : o.path("processes")) {
            procs.add(new ProcessPlan(p.path("label").asText(), strings(p.path("argv")), strMap(p.path("env")),
                    p.path("clearEnv").asBoolean(), p.path("workDir").asText(), p.path("user").asText(),
                    p.path("console").asBoolean()));
        }
        return new Blueprint(o.path("id").asText(), o.path("name").asText(), o.path("hostname").asText(),
                o.path("image").asText(), o.path("imageDigest").asText(), o.path("chainId").asText(),
                o.path("vnet").asBoolean(), o.path("linux").asBoolean(), o.path("persist").asBoolean(),
                o.path("noClean").asBoolean(), o.path("restart").asText(), strMap(o.path("jailParams")), mounts,
                strings(o.path("devfsImageRules")), strings(o.path("devfsFeatures")), strings(o.path("devfsApproved")),
                nets, strings(o.path("ips")), strings(o.path("publish")), o.path("mainSelector").asText(),
                o.path("resolvConf").asText(), strings(o.path("copies")), strings(o.path("datasets")),
                strings(o.path("rctl")), strMap(o.path("env")), procs, strings(o.path("netGroups")));
    }

    static ArrayNode list(List<String> values) {
        ArrayNode a = JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    static ObjectNode map(Map<String, String> values) {
        ObjectNode n = JSON.createObjectNode();
        values.forEach(n::put);
        return n;
    }

    static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    static Map<String, String> strMap(JsonNode o) {
        Map<String, String> out = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Parses a JSON array of strings (the stored lists of the container table). */
    static List<String> parseList(String json) {
        try {
            return strings(JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw XcException.of(ErrorCode.INTERNAL, "a stored list is not valid JSON: " + e.getMessage(),
                    "the state database may be damaged", e);
        }
    }

    /** Renders strings as a JSON array. */
    static String listJson(List<String> values) {
        return list(values).toString();
    }

    /** Parses a JSON object. */
    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw XcException.of(ErrorCode.INTERNAL, "stored JSON is not valid: " + e.getMessage(),
                    "the state database may be damaged", e);
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
