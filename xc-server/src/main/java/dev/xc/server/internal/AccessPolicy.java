package dev.xc.server.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.Problem;
import dev.xc.api.XcException;
import dev.xc.api.container.RunRequest;
import dev.xc.api.container.VolumeMount;
import dev.xc.api.net.PortPublish;
import dev.xc.client.wire.Route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Who may do what through {@code xcd}; see the package documentation for the policy in words. Checked on every
 * call, from the credentials of the connection the call arrives on.
 *
 * <p>Thread-safe: the owner map is concurrent.
 */
public final class AccessPolicy {

    /** Host ports below this are privileged: only root may redirect them to a container. */
    public static final int FIRST_UNPRIVILEGED_PORT = 1024;

    private final Map<String, String> owners = new ConcurrentHashMap<>();

    /**
     * Checks the route-level rule: {@link Route.Access#READ} and {@link Route.Access#CREATE} pass here (a creation is
     * checked by {@link #checkRun}), {@link Route.Access#ROOT} needs root, {@link Route.Access#OWNER} is checked per
     * container by {@link #checkOwner}.
     *
     * @throws XcException {@link ErrorCode#PERMISSION_DENIED} naming the user and the operation
     */
    public void checkRoute(Peer peer, Route route) {
        if (route.access() == Route.Access.ROOT && !peer.isRoot()) {
            throw XcException.of(ErrorCode.PERMISSION_DENIED, "permission denied: " + peer.describe() + " may not "
                            + describe(route) + " (" + route.method() + " " + route.template() + "); only root may",
                    "run the command as root, e.g. with sudo or doas");
        }
    }

    /**
     * Checks that {@code peer} may manage the container {@code reference} names; {@code resolve} turns a name, id or
     * jail id into the container's id (and throws when there is none).
     */
    public void checkOwner(Peer peer, String reference, Function<String, String> resolve) {
        if (peer.isRoot()) {
            return;
        }
        String id = resolve.apply(reference);
        String owner = owners.get(id);
        if (owner == null) {
            throw XcException.of(ErrorCode.PERMISSION_DENIED, "permission denied: container '" + reference
                            + "' has no recorded owner, so only root may manage it (" + peer.describe() + " asked)",
                    "ask root to manage it; containers you create through xcd are yours to manage");
        }
        if (!owner.equals(peer.identity())) {
            throw XcException.of(ErrorCode.PERMISSION_DENIED, "permission denied: container '" + reference
                            + "' belongs to " + describeIdentity(owner) + ", not to " + peer.describe(),
                    "only the user who created a container, or root, may manage it");
        }
    }

    /**
     * Checks a run or create request: root may use everything; other users may not use the features that act on the
     * host as root (jail parameters, datasets, host paths, host interfaces, devfs approvals, pf, child jails,
     * privileged ports). Every feature used is reported at once.
     */
    public void checkRun(Peer peer, RunRequest r) {
        if (peer.isRoot()) {
            return;
        }
        List<Problem> p = new ArrayList<>();
        String only = "only root may; drop it, or run as root";
        if (!r.jailParams().isEmpty()) {
            p.add(deny("-o sets jail parameters " + r.jailParams().stream().map(j -> j.key()).toList(), only));
        }
        if (!r.datasets().isEmpty()) {
            p.add(deny("-z hands ZFS datasets to the jail", only));
        }
        for (VolumeMount v : r.volumes()) {
            if (v.source().startsWith("/")) {
                p.add(deny("-v " + v.source() + " mounts a host directory", "use a named volume, or run as root"));
            }
        }
        if (!r.copies().isEmpty()) {
            p.add(deny("--copy reads host files as root", only));
        }
        if (!r.extraLayers().isEmpty()) {
            p.add(deny("--extra-layer reads host files as root", only));
        }
        if (!r.approvedDevfsRules().isEmpty()) {
            p.add(deny("approving devfs rules unhides host devices", only));
        }
        if (!r.ipAssignments().isEmpty()) {
            p.add(deny("--ip configures host interfaces", "use --network NAME, or run as root"));
        }
        if (r.enablePf()) {
            p.add(deny("--enable-pf gives the jail the packet filter", only));
        }
        if (r.childrenMax() > 0) {
            p.add(deny("--max.children allows child jails", only));
        }
        if (!r.taps().isEmpty() || !r.tuns().isEmpty()) {
            p.add(deny("--tap/--tun create host network devices", only));
        }
        checkPorts(r.publish(), p);
        if (!p.isEmpty()) {
            throw XcException.ofProblems(ErrorCode.PERMISSION_DENIED, "permission denied: " + peer.describe()
                    + " may not use " + (p.size() == 1 ? "this feature" : "these features") + " of a run", p);
        }
    }

    /** Checks the ports a non-root owner publishes on a running container. */
    public void checkPublish(Peer peer, List<PortPublish> publish) {
        if (peer.isRoot()) {
            return;
        }
        List<Problem> p = new ArrayList<>();
        checkPorts(publish, p);
        if (!p.isEmpty()) {
            throw XcException.ofProblems(ErrorCode.PERMISSION_DENIED, "permission denied: " + peer.describe()
                    + " may not publish privileged ports", p);
        }
    }

    private static void checkPorts(List<PortPublish> publish, List<Problem> p) {
        for (PortPublish pp : publish) {
            if (pp.hostPort() < FIRST_UNPRIVILEGED_PORT) {
                p.add(deny("-p " + pp + " redirects the privileged host port " + pp.hostPort(),
                        "publish a host port of " + FIRST_UNPRIVILEGED_PORT + " or more, or run as root"));
            }
        }
    }

    private static Problem deny(String what, String hint) {
        return Problem.of(ErrorCode.PERMISSION_DENIED, what, hint);
    }

    /** Records that {@code peer} created the container {@code id}. */
    public void recordOwner(String id, Peer peer) {
        owners.put(id, peer.identity());
    }

    /** Forgets a removed container. */
    public void forget(String id) {
        owners.remove(id);
    }

    /** The identity that owns {@code id}, if recorded. */
    public Optional<String> owner(String id) {
        return Optional.ofNullable(owners.get(id));
    }

    private static String describeIdentity(String identity) {
        return identity.startsWith("uid:") ? "uid " + identity.substring(4) : "user '" + identity.substring(5) + "'";
    }

    private static String describe(Route r) {
        return switch (r) {
            case IMAGES_PULL -> "pull images";
            case IMAGES_PUSH -> "push images";
            case IMAGES_TAG -> "tag images";
            case IMAGES_REMOVE -> "remove images";
            case IMAGES_CONFIG -> "change image configurations";
            case IMAGES_IMPORT -> "import images";
            case IMAGES_BUILD -> "build images";
            case IMAGES_PURGE -> "purge images";
            case LOGIN -> "store registry credentials";
            case CONTAINERS_COMMIT -> "commit containers to images";
            case CONTAINERS_TRACE -> "trace containers";
            case NETWORKS_CREATE -> "create networks";
            case NETWORKS_REMOVE -> "remove networks";
            case VOLUMES_CREATE -> "create volumes";
            case VOLUMES_REMOVE -> "remove volumes";
            default -> "call " + r.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }
}
