package dev.xc.client.wire;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every HTTP route {@code xcd} serves: one per {@link dev.xc.api.Engine} method, plus {@link #PEER}. Path templates
 * name their parameters in braces ({@code /v1/networks/{network}}); values are percent-encoded segments.
 *
 * <p>{@link Kind} says how the response travels, {@link Access} who may call the route (see
 * {@code dev.xc.server}'s package documentation for the policy).
 */
public enum Route {
    INFO("GET", "/v1/info", Access.READ, Kind.UNARY),
    PEER("GET", "/v1/peer", Access.READ, Kind.UNARY),

    IMAGES_LIST("GET", "/v1/images", Access.READ, Kind.UNARY),
    IMAGES_INSPECT("GET", "/v1/images/inspect", Access.READ, Kind.UNARY),
    IMAGES_PULL("POST", "/v1/images/pull", Access.ROOT, Kind.EVENTS),
    IMAGES_PUSH("POST", "/v1/images/push", Access.ROOT, Kind.EVENTS),
    IMAGES_TAG("POST", "/v1/images/tag", Access.ROOT, Kind.UNARY),
    IMAGES_REMOVE("DELETE", "/v1/images", Access.ROOT, Kind.UNARY),
    IMAGES_CONFIG("PUT", "/v1/images/config", Access.ROOT, Kind.UNARY),
    IMAGES_IMPORT("POST", "/v1/images/import", Access.ROOT, Kind.EVENTS),
    IMAGES_BUILD("POST", "/v1/images/build", Access.ROOT, Kind.EVENTS),
    IMAGES_PURGE("POST", "/v1/images/purge", Access.ROOT, Kind.UNARY),
    LOGIN("POST", "/v1/login", Access.ROOT, Kind.UNARY),

    CONTAINERS_LIST("GET", "/v1/containers", Access.READ, Kind.UNARY),
    CONTAINERS_PLAN("POST", "/v1/containers/plan", Access.READ, Kind.UNARY),
    CONTAINERS_RUN("POST", "/v1/containers/run", Access.CREATE, Kind.EVENTS),
    CONTAINERS_CREATE("POST", "/v1/containers", Access.CREATE, Kind.EVENTS),
    CONTAINERS_INSPECT("GET", "/v1/containers/{container}", Access.READ, Kind.UNARY),
    CONTAINERS_START("POST", "/v1/containers/{container}/start", Access.OWNER, Kind.UNARY),
    CONTAINERS_KILL("POST", "/v1/containers/{container}/kill", Access.OWNER, Kind.UNARY),
    CONTAINERS_REMOVE("DELETE", "/v1/containers/{container}", Access.OWNER, Kind.UNARY),
    CONTAINERS_EXEC("POST", "/v1/containers/{container}/exec", Access.OWNER, Kind.DUPLEX),
    CONTAINERS_EXEC_CONSOLE("POST", "/v1/containers/{container}/exec-console", Access.OWNER, Kind.DUPLEX),
    CONTAINERS_ATTACH("POST", "/v1/containers/{container}/attach", Access.OWNER, Kind.DUPLEX),
    CONTAINERS_LOGS("GET", "/v1/containers/{container}/logs", Access.OWNER, Kind.LINES),
    CONTAINERS_COMMIT("POST", "/v1/containers/{container}/commit", Access.ROOT, Kind.EVENTS),
    CONTAINERS_LINK("POST", "/v1/containers/{container}/link", Access.OWNER, Kind.DUPLEX),
    CONTAINERS_TRACE("POST", "/v1/containers/{container}/trace", Access.ROOT, Kind.LINES),
    REDIRECTS_ADD("POST", "/v1/containers/{container}/redirects", Access.OWNER, Kind.UNARY),
    REDIRECTS_REMOVE("POST", "/v1/containers/{container}/redirects/remove", Access.OWNER, Kind.UNARY),
    REDIRECTS_LIST("GET", "/v1/redirects", Access.READ, Kind.UNARY),

    NETWORKS_LIST("GET", "/v1/networks", Access.READ, Kind.UNARY),
    NETWORKS_CREATE("POST", "/v1/networks", Access.ROOT, Kind.UNARY),
    NETWORKS_INSPECT("GET", "/v1/networks/{network}", Access.READ, Kind.UNARY),
    NETWORKS_REMOVE("DELETE", "/v1/networks/{network}", Access.ROOT, Kind.UNARY),
    NETWORKS_TAG("POST", "/v1/networks/{network}/members", Access.OWNER, Kind.UNARY),

    VOLUMES_LIST("GET", "/v1/volumes", Access.READ, Kind.UNARY),
    VOLUMES_CREATE("POST", "/v1/volumes", Access.ROOT, Kind.UNARY),
    VOLUMES_REMOVE("DELETE", "/v1/volumes/{volume}", Access.ROOT, Kind.UNARY);

    /** How a route's response travels. */
    public enum Kind {
        /** One JSON document (or 204 No Content), or an error envelope with a status per error category. */
        UNARY,
        /** NDJSON: {@code {"event":...}} lines, then one {@code {"result":...}} or {@code {"error":...}} line. */
        EVENTS,
        /** NDJSON: data lines ({@code {"log":...}} or {@code {"line":"..."}}), then {@code {"end":true}} or an error. */
        LINES,
        /** A full-duplex exchange: framed request body and framed response body on one exchange. */
        DUPLEX
    }

    /** Who may call a route. */
    public enum Access {
        /** Anyone who can connect: changes nothing. */
        READ,
        /** Root only. */
        ROOT,
        /** Anyone; the caller becomes the container's owner (non-root callers may not use privileged features). */
        CREATE,
        /** Root, or the user who created the container concerned. */
        OWNER
    }

    private final String method;
    private final String template;
    private final Access access;
    private final Kind kind;
    private final List<String> segments;

    Route(String method, String template, Access access, Kind kind) {
        this.method = method;
        this.template = template;
        this.access = access;
        this.kind = kind;
        this.segments = List.of(template.substring(1).split("/"));
    }

    public String method() {
        return method;
    }

    /** The path template, e.g. {@code /v1/networks/{network}}. */
    public String template() {
        return template;
    }

    public Access access() {
        return access;
    }

    public Kind kind() {
        return kind;
    }

    /** The path with each {@code {name}} replaced by its percent-encoded value from {@code params}. */
    public String path(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        for (String s : segments) {
            sb.append('/');
            if (s.startsWith("{")) {
                String name = s.substring(1, s.length() - 1);
                String v = Objects.requireNonNull(params.get(name), () -> "missing path parameter " + name);
                sb.append(encode(v));
            } else {
                sb.append(s);
            }
        }
        return sb.toString();
    }

    /** The path parameters when {@code method} and the raw (encoded) {@code path} match this route. */
    public Optional<Map<String, String>> match(String method, String path) {
        if (!this.method.equals(method) || !path.startsWith("/")) {
            return Optional.empty();
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String s = segments.get(i);
            if (s.startsWith("{")) {
                String v = URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8);
                if (v.isEmpty()) {
                    return Optional.empty();
                }
                params.put(s.substring(1, s.length() - 1), v);
            } else if (!s.equals(parts[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /** The route for {@code method} and raw {@code path}, literal segments winning over parameters. */
    public static Optional<Match> find(String method, String path) {
        Match best = null;
        for (Route r : values()) {
            Optional<Map<String, String>> m = r.match(method, path);
            if (m.isPresent() && (best == null || m.get().size() < best.params().size())) {
                best = new Match(r, m.get());
            }
        }
        return Optional.ofNullable(best);
    }

    /** The methods that some route serves at {@code path}, for a 405 answer. */
    public static List<String> methodsAt(String path) {
        List<String> out = new ArrayList<>();
        for (Route r : values()) {
            if (r.match(r.method, path).isPresent() && !out.contains(r.method)) {
                out.add(r.method);
            }
        }
        return out;
    }

    /** A matched route and its decoded path parameters. */
    public record Match(Route route, Map<String, String> params) {
        public Match {
            Objects.requireNonNull(route, "route");
            params = Map.copyOf(params);
        }
    }

    /** Percent-encodes one path segment or query value (space as {@code %20}). */
    public static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
