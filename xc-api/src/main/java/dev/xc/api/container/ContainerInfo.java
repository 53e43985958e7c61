package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;
import dev.xc.api.net.AllocatedAddress;
import dev.xc.api.net.PortPublish;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A container as {@code xc ps} and {@code xc show} report it.
 *
 * @param id the container id (12 hex characters)
 * @param name the jail name
 * @param image the image it was created from
 * @param imageDigest the manifest digest of that image, when known
 * @param state its stage
 * @param jid the jail id while the jail exists
 * @param root the root directory of the jail on the host
 * @param hostname its host name
 * @param vnet whether it has its own network stack
 * @param linux whether it runs a Linux image under the Linuxulator
 * @param addresses its addresses, main address first
 * @param published ports published to it
 * @param devfsRuleset the devfs ruleset of its {@code /dev}
 * @param datasets ZFS datasets jailed into it
 * @param processes processes started in it, in start order
 * @param created when it was created
 * @param started when its main process started
 * @param finished when its main process ended
 * @param exitCode the exit status of its main process
 * @param fault why it faulted
 * @param restart its restart policy
 * @param restarts how many times it was restarted
 */
public record ContainerInfo(String id, String name, ImageReference image, Optional<Digest> imageDigest,
                            ContainerState state, Optional<Integer> jid, Path root, String hostname, boolean vnet,
                            boolean linux, List<AllocatedAddress> addresses, List<PortPublish> published,
                            Optional<Integer> devfsRuleset, List<String> datasets, List<ProcessInfo> processes,
                            Optional<Instant> created, Optional<Instant> started, Optional<Instant> finished,
                            Optional<Integer> exitCode, Optional<String> fault, RestartPolicy restart,
                            int restarts) {
    public ContainerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(imageDigest, "imageDigest");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(hostname, "hostname");
        addresses = List.copyOf(addresses);
        published = List.copyOf(published);
        Objects.requireNonNull(devfsRuleset, "devfsRuleset");
        datasets = List.copyOf(datasets);
        processes = List.copyOf(processes);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(restart, "restart");
        if (id.isBlank() || name.isBlank()) {
            throw bad(id, "the id and the name must not be blank");
        }
        if (jid.isPresent() && jid.get() <= 0) {
            throw bad(id, "jail id " + jid.get() + " is not positive");
        }
        if (devfsRuleset.isPresent() && (devfsRuleset.get() < 0 || devfsRuleset.get() > 65535)) {
            throw bad(id, "devfs ruleset " + devfsRuleset.get() + " is outside 0-65535");
        }
        if (restarts < 0) {
            throw bad(id, "restart count " + restarts + " is negative");
        }
    }

    /** The main address, if it has one. */
    public Optional<AllocatedAddress> mainAddress() {
        return addresses.stream().findFirst();
    }

    /** The main process, if one was started. */
    public Optional<ProcessInfo> mainProcess() {
        return processes.stream().filter(p -> p.label().equals("main")).findFirst();
    }

    private static XcException bad(String id, String why) {
        return XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid container info for '" + id + "': " + why,
                "report this as a bug");
    }
}
