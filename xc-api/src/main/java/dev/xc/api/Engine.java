package dev.xc.api;

import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.ExecRequest;
import dev.xc.api.container.LogLine;
import dev.xc.api.container.LogOptions;
import dev.xc.api.container.RunPlan;
import dev.xc.api.container.RunRequest;
import dev.xc.api.container.StopOptions;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.BuildRequest;
import dev.xc.api.image.CommitRequest;
import dev.xc.api.image.ImageInfo;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.ImageSummary;
import dev.xc.api.image.ImportRequest;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.PullRequest;
import dev.xc.api.image.PushRequest;
import dev.xc.api.image.RegistryCredentials;
import dev.xc.api.net.NetworkInfo;
import dev.xc.api.net.NetworkSpec;
import dev.xc.api.net.PortPublish;
import dev.xc.api.net.PortRedirect;
import dev.xc.api.volume.VolumeCreateRequest;
import dev.xc.api.volume.VolumeInfo;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The xc engine: images, containers, networks, volumes, port redirects, tracing. Obtain one with an
 * {@link EngineFactory}: in-process ({@code "embedded"}, as root) or over the daemon's socket ({@code "remote"}).
 *
 * <p>Every method names containers by id, name or jail id. Failures are {@link XcException}s with a stable
 * {@link ErrorCode}; a failed operation leaves the host as it was. Long operations report progress to an
 * {@link EventListener} and block until done. Implementations are thread-safe: many runs, pulls and removals may
 * proceed at once.
 *
 * <p>Each method maps to a command of {@code xc}; the original xc's name is given where it differs.
 */
public interface Engine extends AutoCloseable {

    // ------------------------------------------------------------------ engine

    /** Version, host facts, backends found and chosen, effective configuration ({@code xc info}). */
    EngineInfo info();

    // ------------------------------------------------------------------ images

    /**
     * Pulls an image ({@code xc pull REF [LOCAL]}): resolves an index to one platform by the stated policy (FreeBSD
     * first, then Linux under the Linuxulator), fetches and verifies every blob, unpacks the layers into storage and
     * records the image under its reference (and {@code localName} when given).
     *
     * @throws XcException.Remote when the registry refuses or the platform is not offered (the error lists those that are)
     * @throws XcException.Integrity when content does not match its digest; nothing is kept
     */
    ImageInfo pull(PullRequest request, EventListener listener);

    /** Pushes a local image to a registry ({@code xc push LOCAL REMOTE}). */
    void push(PushRequest request, EventListener listener);

    /** Every local image and tag ({@code xc image list}). */
    List<ImageSummary> images();

    /**
     * One image with its jail configuration: env vars with descriptions, required flags and defaults, volumes with
     * hints, ports, entry points ({@code xc image show}, {@code xc image describe}, {@code xc image get-config}).
     *
     * @throws XcException.NotFound when no local image has that reference
     */
    ImageInfo inspectImage(ImageReference reference);

    /** Gives {@code source}'s image a second reference. */
    void tagImage(ImageReference source, ImageReference target);

    /** Removes a reference ({@code xc image remove}); the data goes with the next {@link #purge()}. */
    void removeImage(ImageReference reference);

    /** Replaces an image's jail configuration, giving it a new digest ({@code xc image set-config}, {@code patch}). */
    ImageInfo replaceImageConfig(ImageReference reference, JailConfig config);

    /** Makes an image from a root-file-system archive, e.g. an existing jail ({@code xc image import}). */
    ImageInfo importImage(ImportRequest request, EventListener listener);

    /** Runs a Jailfile and commits the result ({@code xc build}). */
    ImageInfo build(BuildRequest request, EventListener listener);

    /** Removes untagged images, unused layer chains and unreferenced blobs ({@code xc purge}). */
    PurgeReport purge();

    /**
     * Stores credentials for a registry ({@code xc login}), in a file with mode 0600; later pulls and pushes use them.
     * Credentials are checked against the registry first, so a typo is caught now rather than at the next pull.
     */
    void login(RegistryCredentials credentials);

    // ------------------------------------------------------------------ containers

    /**
     * What {@link #run} would do, as a pure value, with every problem the checks before a run find
     * ({@code xc run --dry-run}). Changes nothing.
     */
    RunPlan plan(RunRequest request);

    /**
     * Creates a container and starts it ({@code xc run}): checks first (all problems reported at once), then each step
     * journaled with its undo; a failure undoes what was done.
     *
     * @throws XcException.Precondition with every problem listed: missing required env (with each description),
     *         volumes, devfs rules needing approval, networks, taken addresses and ports, Linux ABI, VNET support
     */
    ContainerInfo run(RunRequest request, EventListener listener);

    /** Creates a container without starting anything ({@code xc create}). */
    ContainerInfo create(RunRequest request, EventListener listener);

    /** Starts a created container's init and main processes ({@code xc run-main}). */
    ContainerInfo start(String container);

    /** Stops a container: runs deinit when asked, signals, then tears down unless it is kept ({@code xc kill}). */
    ContainerInfo kill(String container, StopOptions options);

    /** Removes a stopped container and everything it held; {@code force} kills it first. */
    void removeContainer(String container, boolean force);

    /**
     * Runs a process in a running container with the given streams and returns its exit status ({@code xc exec}).
     * Blocks until the process exits.
     */
    int exec(ExecRequest request, InputStream stdin, OutputStream stdout, OutputStream stderr);

    /** Runs a process in a running container on a terminal ({@code xc exec -t}). */
    Console execConsole(ExecRequest request);

    /** Attaches to the container's main terminal ({@code xc attach}); detach by closing the console. */
    Console attach(String container);

    /** Sends the container's log lines to {@code sink}; with {@code follow}, until the container stops. */
    void logs(String container, LogOptions options, Consumer<LogLine> sink);

    /** Every container ({@code xc ps}). */
    List<ContainerInfo> containers();

    /** One container ({@code xc show}). */
    ContainerInfo inspectContainer(String container);

    /** Snapshots a container's changes as a new image layer ({@code xc commit}). */
    ImageInfo commit(CommitRequest request, EventListener listener);

    /** Ties the container's life to the returned lease ({@code xc link}). */
    Lease link(String container);

    // ------------------------------------------------------------------ networks

    /** Creates a managed network ({@code xc network create}). */
    NetworkInfo createNetwork(NetworkSpec spec);

    /** Every network with its usage ({@code xc network list}). */
    List<NetworkInfo> networks();

    /** One network. */
    NetworkInfo inspectNetwork(String name);

    /** Removes a network; refused while a container uses it. */
    void removeNetwork(String name);

    /**
     * Adds a container to a netgroup: containers of one group find each other by name in {@code /etc/hosts}
     * ({@code xc network tag}); {@code commit} rewrites the members' hosts files now ({@code xc network commit-tag}).
     */
    void tagNetwork(String netgroup, String container, boolean commit);

    // ------------------------------------------------------------------ volumes

    /** Creates a named volume, optionally from an image's volume spec and its hints ({@code xc volume create}). */
    VolumeInfo createVolume(VolumeCreateRequest request);

    /** Every named volume ({@code xc volume list}). */
    List<VolumeInfo> volumes();

    /** Removes a named volume; refused while mounted. */
    void removeVolume(String name);

    // ------------------------------------------------------------------ port redirects

    /** The redirects of one container, or of all ({@code xc rdr list}, {@code xc rdr show-rules}). */
    List<PortRedirect> redirects(Optional<String> container);

    /** Publishes more ports of a running container ({@code xc rdr add}). */
    List<PortRedirect> addRedirects(String container, List<PortPublish> publish);

    /** Withdraws published ports of a container. */
    void removeRedirects(String container, List<PortPublish> publish);

    // ------------------------------------------------------------------ tracing

    /**
     * Traces a container with DTrace ({@code xc trace NAME -- ARGS}: {@code dwatch -j JID ARGS}, default
     * {@code -F syscall}), sending each output line to {@code lines} until the tracer exits or the thread is
     * interrupted.
     */
    void trace(String container, List<String> args, Consumer<String> lines);

    /** Releases the engine's resources; containers keep running. */
    @Override
    void close();
}
