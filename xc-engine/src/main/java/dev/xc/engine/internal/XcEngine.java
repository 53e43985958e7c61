package dev.xc.engine.internal;

import dev.xc.api.Console;
import dev.xc.api.Engine;
import dev.xc.api.EngineInfo;
import dev.xc.api.ErrorCode;
import dev.xc.api.Lease;
import dev.xc.api.PurgeReport;
import dev.xc.api.XcException;
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
import dev.xc.api.spi.DevfsManager;
import dev.xc.api.spi.Firewall;
import dev.xc.api.spi.Host;
import dev.xc.api.spi.JailRuntime;
import dev.xc.api.spi.Provider;
import dev.xc.api.spi.ProviderContext;
import dev.xc.api.spi.Storage;
import dev.xc.api.spi.Tracer;
import dev.xc.engine.EngineConfig;
import dev.xc.registry.CredentialSource;
import dev.xc.registry.RegistriesFile;
import dev.xc.registry.RegistryClient;
import dev.xc.engine.internal.image.Images;
import dev.xc.engine.internal.net.Networks;
import dev.xc.image.BlobStore;
import dev.xc.image.ImageStore;
import dev.xc.registry.DockerConfigFile;
import dev.xc.engine.internal.state.StateStore;
import dev.xc.engine.internal.container.Containers;
import dev.xc.engine.internal.container.Context;
import dev.xc.engine.internal.container.ContainerLease;
import dev.xc.engine.internal.image.ImageImports;
import dev.xc.engine.internal.volume.Volumes;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The in-process engine: the configuration, the host, and the backends chosen for it.
 *
 * <p>Thread-safe: its state is immutable after construction; operations synchronise on what they touch.
 */
public final class XcEngine implements Engine {

    /** The version reported by {@code xc info}. */
    public static final String VERSION = Optional.ofNullable(XcEngine.class.getPackage().getImplementationVersion())
            .orElse("0.1.0-SNAPSHOT");

    private final EngineConfig config;
    private final Host host;
    private final ProviderRegistry.Selection selection;
    private final List<String> warnings;
    private final Storage storage;
    private final Optional<JailRuntime> jails;
    private final Optional<Firewall> firewall;
    private final Optional<DevfsManager> devfs;
    private final Optional<Tracer> tracer;
    private final StateStore state;
    private final Networks networks;
    private final Images images;
    private final Containers containers;
    private final Volumes volumes;
    private final ImageImports imports;

    public XcEngine(EngineConfig config, Host host, ProviderRegistry registry, List<String> loadWarnings) {
        this.config = config;
        this.host = host;
        this.selection = registry.select(config, host);
        List<String> w = new ArrayList<>(loadWarnings);
        w.addAll(selection.warnings());
        this.storage = create("storage", Storage.class).orElseThrow();
        this.jails = create("jail", JailRuntime.class);
        this.firewall = create("firewall", Firewall.class);
        this.devfs = create("devfs", DevfsManager.class);
        this.tracer = create("tracing", Tracer.class);
        this.state = StateStore.open(config.databaseStore(), host.clock());
        this.networks = new Networks(state);
        try {
            this.images = new Images(BlobStore.open(config.layersDir()), ImageStore.open(config.imageDatabaseStore()),
                    storage, this::registryClient, host.info().architecture(),
                    host.info().isFreeBsd() ? host.info().linuxAbi() : true, host.clock());
        } catch (RuntimeException e) {
            state.close(); // a half-opened engine holds nothing open
            throw e;
        }
        this.containers = new Containers(new Context(host, storage, jails, jailsMissing(), firewall, devfs, networks,
                state, images::inspect, config.logsDir(), config.extInterfaces()));
        this.volumes = new Volumes(state, storage, selection.chosen("storage", Storage.class).map(Provider::name)
                .orElse("directory"), config.defaultVolumeDirectory().orElse(config.stateDir().resolve("volumes")),
                images::inspect);
        this.imports = new ImageImports(images);
        w.addAll(containers.reconcile()); // after a crash: finish or undo half-done runs, adopt running containers
        this.warnings = List.copyOf(w);
    }

    /** Why there is no jail runtime: each jail provider's reason, or the configuration's note. */
    private String jailsMissing() {
        if (jails.isPresent()) {
            return "";
        }
        List<String> reasons = selection.providers().stream().filter(p -> p.kind().equals("jail") && !p.supported())
                .map(p -> p.name() + ": " + p.reason()).toList();
        if (!reasons.isEmpty()) {
            return String.join("; ", reasons);
        }
        ProviderRegistry.Choice c = selection.choices().get("jail");
        if (c != null && c.note().isPresent() && config.backend("jail").isPresent()) {
            return c.note().get();
        }
        return "no jail runtime provider is installed (the freebsd-jail module is not on the module path)";
    }

    /** The container service (plan, apply, supervision). */
    public Containers containerService() {
        return containers;
    }

    /**
     * A registry client for {@code ref}: credentials from {@code registries.json}, then Docker's
     * {@code ~/.docker/config.json}; plain HTTP for registries marked insecure there and for loopback registries.
     */
    private RegistryClient.Builder registryClient(ImageReference ref) {
        RegistriesFile file = RegistriesFile.load(config.registries());
        CredentialSource creds = CredentialSource.chain(file, DockerConfigFile.load(DockerConfigFile.defaultLocation()));
        RegistryClient.Builder b = RegistryClient.builder().credentials(creds).clock(host.clock());
        String server = ref.registry();
        String hostPart = server.startsWith("[") ? server.substring(1, server.indexOf(']'))
                : server.contains(":") ? server.substring(0, server.lastIndexOf(':')) : server;
        boolean loopback = hostPart.equals("localhost") || hostPart.startsWith("127.") || hostPart.equals("::1");
        if (loopback || file.isInsecure(server)) {
            b.insecure(server);
        }
        return b;
    }

    private <T> Optional<T> create(String kind, Class<T> type) {
        Optional<Provider<T>> p = selection.chosen(kind, type);
        return p.map(pr -> pr.create(new ProviderContext(host, settingsFor(pr.name()),
                config.stateDir().resolve("backends").resolve(pr.name()))));
    }

    /**
     * What a provider sees: every {@code xc.conf} key (so the ZFS backend reads {@code image_dataset}, the devfs backend
     * {@code devfs_id_offset}), overlaid with its own {@code backends: {NAME: {...}}} section.
     */
    private java.util.Map<String, String> settingsFor(String provider) {
        java.util.Map<String, String> s = new java.util.LinkedHashMap<>(config.describe());
        s.putAll(config.settingsOf(provider));
        return s;
    }

    @Override
    public EngineInfo info() {
        List<String> setup = new ArrayList<>();
        firewall.ifPresent(f -> setup.addAll(f.setupInstructions().lines().toList()));
        return new EngineInfo(VERSION, "embedded", host.info(), selection.providers(), config.describe(), setup,
                warnings);
    }

    /** Managed networks and address allocation. */
    public Networks networkRegistry() {
        return networks;
    }

    /** The configuration in force. */
    public EngineConfig config() {
        return config;
    }

    /** The storage backend (always present). */
    public Storage storage() {
        return storage;
    }

    public Optional<JailRuntime> jails() {
        return jails;
    }

    public Optional<Firewall> firewall() {
        return firewall;
    }

    public Optional<DevfsManager> devfs() {
        return devfs;
    }

    public Optional<Tracer> tracer() {
        return tracer;
    }

    // Operations below are modelled in the API and land with the engine's apply/supervise work; until then each says so.

    private static XcException notYet(String operation) {
        return XcException.of(ErrorCode.NOT_IMPLEMENTED, "the embedded engine cannot " + operation + " yet",
                "this build provides configuration, backend selection and 'xc info'; use a newer xc for " + operation);
    }

    @Override
    public ImageInfo pull(PullRequest request, EventListener listener) {
        return images.pull(request, listener);
    }

    @Override
    public void push(PushRequest request, EventListener listener) {
        new dev.xc.engine.internal.image.ImagePush(images, this::registryClient).push(request, listener);
    }

    @Override
    public List<ImageSummary> images() {
        return images.list();
    }

    @Override
    public ImageInfo inspectImage(ImageReference reference) {
        return images.inspect(reference);
    }

    @Override
    public void tagImage(ImageReference source, ImageReference target) {
        images.tag(source, target);
    }

    @Override
    public void removeImage(ImageReference reference) {
        images.remove(reference);
    }

    @Override
    public ImageInfo replaceImageConfig(ImageReference reference, JailConfig jailConfig) {
        return imports.replaceConfig(reference, jailConfig);
    }

    @Override
    public ImageInfo importImage(ImportRequest request, EventListener listener) {
        return imports.importImage(request, listener);
    }

    @Override
    public ImageInfo build(BuildRequest request, EventListener listener) {
        throw notYet("build images");
    }

    @Override
    public PurgeReport purge() {
        return images.purge();
    }

    @Override
    public void login(RegistryCredentials credentials) {
        RegistryClient.Builder b = RegistryClient.builder().credentials(CredentialSource.of(credentials));
        if (credentials.insecure()) {
            b.insecure(credentials.server());
        }
        try (RegistryClient client = b.build()) {
            client.ping(credentials.server()); // a registry that asks for credentials checks them here
        }
        RegistriesFile.login(config.registries(), credentials);
    }

    @Override
    public RunPlan plan(RunRequest request) {
        return containers.plan(request);
    }

    @Override
    public ContainerInfo run(RunRequest request, EventListener listener) {
        return containers.instantiate(request, listener, !request.isCreate());
    }

    @Override
    public ContainerInfo create(RunRequest request, EventListener listener) {
        return containers.instantiate(request, listener, false);
    }

    @Override
    public ContainerInfo start(String container) {
        return containers.start(container);
    }

    @Override
    public ContainerInfo kill(String container, StopOptions options) {
        return containers.kill(container, options);
    }

    @Override
    public void removeContainer(String container, boolean force) {
        containers.remove(container, force);
    }

    @Override
    public int exec(ExecRequest request, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        return containers.exec(request, stdin, stdout, stderr);
    }

    @Override
    public Console execConsole(ExecRequest request) {
        return containers.execConsole(request);
    }

    @Override
    public Console attach(String container) {
        return containers.attach(container);
    }

    @Override
    public void logs(String container, LogOptions options, Consumer<LogLine> sink) {
        containers.logs(container, options, sink);
    }

    @Override
    public List<ContainerInfo> containers() {
        return containers.list();
    }

    @Override
    public ContainerInfo inspectContainer(String container) {
        return containers.inspect(container);
    }

    @Override
    public ImageInfo commit(CommitRequest request, EventListener listener) {
        throw notYet("commit containers");
    }

    @Override
    public Lease link(String container) {
        return ContainerLease.link(containers, container);
    }

    @Override
    public NetworkInfo createNetwork(NetworkSpec spec) {
        return networks.create(spec);
    }

    @Override
    public List<NetworkInfo> networks() {
        return networks.list();
    }

    @Override
    public NetworkInfo inspectNetwork(String name) {
        return networks.get(name);
    }

    @Override
    public void removeNetwork(String name) {
        networks.remove(name);
    }

    @Override
    public void tagNetwork(String netgroup, String container, boolean commit) {
        containers.netgroups().tag(netgroup, container, commit);
    }

    @Override
    public VolumeInfo createVolume(VolumeCreateRequest request) {
        return volumes.create(request);
    }

    @Override
    public List<VolumeInfo> volumes() {
        return volumes.list();
    }

    @Override
    public void removeVolume(String name) {
        volumes.remove(name);
    }

    @Override
    public List<PortRedirect> redirects(Optional<String> container) {
        return containers.redirects().list(container);
    }

    @Override
    public List<PortRedirect> addRedirects(String container, List<PortPublish> publish) {
        return containers.redirects().add(container, publish);
    }

    @Override
    public void removeRedirects(String container, List<PortPublish> publish) {
        containers.redirects().remove(container, publish);
    }

    @Override
    public void trace(String container, List<String> args, Consumer<String> lines) {
        throw notYet("trace containers");
    }

    @Override
    public void close() {
        // containers keep running after the engine closes; teardowns in flight finish first
        containers.close();
        images.close();
        state.close();
    }
}
