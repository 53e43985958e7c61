package dev.xc.api.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a container needs from devfs: the image's own rules (devfs(8) {@code rule add} syntax without {@code add},
 * for example {@code path 'vmm/*' unhide}, with {@code ${VAR}}, {@code $VAR} and {@code ${VAR:-default}} taken from
 * {@code environment}; {@code $$} is a literal dollar), the features asked for, and the exact device names the engine
 * created for this container ({@code tap3}, {@code nmdm3A}).
 *
 * @param owner who holds the ruleset: the container id; one owner holds at most one ruleset
 * @param imageDigest the image's digest ({@code sha256:...}); approvals of harmful image rules are remembered per
 *        digest; empty for rules that come from no image
 * @param imageRules the image's devfs rules, before interpolation
 * @param environment the container's environment, for interpolation
 * @param vnet whether the container has its own network stack (base ruleset {@code devfsrules_jail_vnet})
 * @param features device families asked for; their rules need no approval
 * @param devices device names created for this container, unhidden by exact name
 * @param approvedRules harmful rules approved in advance ({@code --allow-devfs-rule}), compared after interpolation
 *        in canonical form
 */
public record DevfsRequest(String owner, Optional<String> imageDigest, List<String> imageRules,
                           Map<String, String> environment, boolean vnet, Set<DevfsFeature> features,
                           List<String> devices, List<String> approvedRules) {

    public DevfsRequest {
        Objects.requireNonNull(owner, "owner");
        if (owner.isBlank() || owner.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("a devfs request needs an owner without control characters");
        }
        Objects.requireNonNull(imageDigest, "imageDigest");
        imageRules = List.copyOf(imageRules);
        environment = Map.copyOf(environment);
        features = Set.copyOf(features);
        devices = List.copyOf(devices);
        approvedRules = List.copyOf(approvedRules);
    }

    /** A request with only the base ruleset: no image rules, features or devices. */
    public static DevfsRequest base(String owner, boolean vnet) {
        return new DevfsRequest(owner, Optional.empty(), List.of(), Map.of(), vnet, Set.of(), List.of(), List.of());
    }

    public DevfsRequest withImage(String digest, List<String> rules) {
        return new DevfsRequest(owner, Optional.of(digest), rules, environment, vnet, features, devices,
                approvedRules);
    }

    public DevfsRequest withEnvironment(Map<String, String> env) {
        return new DevfsRequest(owner, imageDigest, imageRules, env, vnet, features, devices, approvedRules);
    }

    public DevfsRequest withFeatures(Set<DevfsFeature> f) {
        return new DevfsRequest(owner, imageDigest, imageRules, environment, vnet, f, devices, approvedRules);
    }

    public DevfsRequest withDevices(List<String> d) {
        return new DevfsRequest(owner, imageDigest, imageRules, environment, vnet, features, d, approvedRules);
    }

    public DevfsRequest withApprovedRules(List<String> rules) {
        return new DevfsRequest(owner, imageDigest, imageRules, environment, vnet, features, devices, rules);
    }
}
