package dev.xc.example.ipfw;

import dev.xc.api.Engine;
import dev.xc.api.EngineOptions;
import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.RunRequest;
import dev.xc.api.container.StopOptions;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.Digest;
import dev.xc.api.image.EntryPoint;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.JailConfig;
import dev.xc.api.image.PullRequest;
import dev.xc.api.net.Cidr;
import dev.xc.api.net.IpLiteral;
import dev.xc.api.net.NetworkSpec;
import dev.xc.api.net.PortPublish;
import dev.xc.api.spi.Command;
import dev.xc.api.spi.HostInfo;
import dev.xc.engine.EmbeddedEngines;
import dev.xc.image.BuiltLayer;
import dev.xc.image.Compression;
import dev.xc.image.LayerBuilder;
import dev.xc.image.XcImageConfig;
import dev.xc.registry.BlobSource;
import dev.xc.registry.Descriptor;
import dev.xc.registry.Manifest;
import dev.xc.registry.MediaTypes;
import dev.xc.registry.RegistryClient;
import dev.xc.testkit.SimulatedHost;
import dev.xc.testkit.ipfw.SimulatedIpfw;
import dev.xc.testkit.kernel.Interfaces;
import dev.xc.testkit.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The networking scenario of the engine's own tests with this provider selected ({@code firewall: ipfw}): a non-VNET
 * and a VNET container on one network, each publishing a port, then {@code xc rdr add} and teardown. The engine is
 * unchanged; only the firewall commands differ: table {@code xc_network_lab}, NAT instance 100 on {@code em0}.
 */
class IpfwScenarioTest {

    @TempDir
    static Path shared;
    static RegistryServer registry;
    static ImageReference image;

    @TempDir
    Path tmp;
    SimulatedIpfw ipfw;
    SimulatedHost host;
    Engine engine;

    static boolean available() {
        return RegistryServer.isAvailable() && Files.isExecutable(Path.of("/usr/bin/bwrap"))
                && Files.isExecutable(Path.of("/bin/busybox"));
    }

    @BeforeAll
    static void pushImage() throws IOException {
        assumeTrue(available(), "docker-registry, bwrap and busybox are needed");
        registry = RegistryServer.builder().anonymous().start();
        Path root = shared.resolve("tree");
        for (String d : List.of("bin", "etc", "root", "tmp", "dev")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"));
        for (String applet : List.of("sh", "sleep")) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        JailConfig config = JailConfig.builder()
                .entryPoint("main", EntryPoint.of("/bin/sh", List.of("-c")).withDefaultArgs(List.of("sleep 30")))
                .build();
        image = ImageReference.parse(registry.host() + "/xc/ipfw:1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuiltLayer b = LayerBuilder.create(Compression.GZIP).diff(Optional.empty(), root, out);
        byte[] cfg = XcImageConfig.writeImageConfig(config, "amd64", List.of(b.diffId()));
        try (RegistryClient c = RegistryClient.builder().insecure(registry.host()).build()) {
            c.pushBlobs(image, List.of(BlobSource.of(b.mediaType(), out.toByteArray())), Optional.empty());
            c.pushBlob(image, BlobSource.of(MediaTypes.OCI_CONFIG, cfg), Optional.empty());
            c.pushManifest(image, Manifest.image(MediaTypes.OCI_MANIFEST,
                    Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(cfg), cfg.length),
                    List.of(Descriptor.of(b.mediaType(), b.digest(), b.size()))));
        }
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void start() throws IOException {
        HostInfo base = SimulatedHost.freeBsd14();
        Set<String> mods = new HashSet<>(base.kernelModules());
        mods.add("ipfw");
        ipfw = new SimulatedIpfw();
        host = SimulatedHost.builder().info(new HostInfo(base.osName(), base.release(), base.osreldate(),
                base.architecture(), mods, base.zfs(), base.pf(), base.vnet(), base.linuxAbi(), true))
                .tool("ipfw", ipfw).build();
        host.commands().run(Command.of("ifconfig", "bridge0", "create")).orThrow();
        host.commands().run(Command.of("ifconfig", "bridge0", "inet", "10.9.0.1/24", "up")).orThrow();
        Path conf = tmp.resolve("xc.conf");
        Files.writeString(conf, "state_dir: " + tmp.resolve("state") + "\nstorage: directory\nfirewall: ipfw\n"
                + "ext_ifs: em0\n");
        engine = EmbeddedEngines.open(EngineOptions.defaults().withConfigFile(conf), host);
        engine.pull(PullRequest.of(image), EventListener.NONE);
        engine.createNetwork(new NetworkSpec("lab", Cidr.parse("10.9.0.0/24"), Optional.of("bridge0"),
                Optional.of("bridge0"), Optional.of(IpLiteral.parse("10.9.0.1")), Optional.empty(), Optional.empty()));
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            for (ContainerInfo c : engine.containers()) {
                engine.removeContainer(c.id(), true);
            }
            engine.close();
        }
    }

    /** The commands of {@code program} (base name) from journal index {@code from} on. */
    private List<String> commands(int from, String program) {
        return host.journal().subList(from, host.journal().size()).stream()
                .filter(c -> Path.of(c.program()).getFileName().toString().equals(program))
                .map(Command::display).toList();
    }

    private Interfaces ifs() {
        return host.simulatedKernel().interfaces();
    }

    @Test
    void aPlainAndAVnetContainerOnOneNetworkWithIpfw() {
        int mark = host.journal().size();
        ContainerInfo plain = engine.run(RunRequest.builder(image).name("plain").network("lab")
                .publish("8081:81/tcp").build(), EventListener.NONE);
        ContainerInfo boxed = engine.run(RunRequest.builder(image).name("boxed").vnet(true).network("lab")
                .publish("8080:80/tcp").build(), EventListener.NONE);
        assertEquals(List.of(
                "/sbin/ipfw -q table xc_network_lab create type addr",
                "/sbin/ipfw -q table xc_network_lab add 10.9.0.2",
                "/sbin/ipfw -q nat 100 config if em0 redirect_port tcp 10.9.0.2:81 8081",
                "/sbin/ipfw -q table xc_network_lab create type addr",
                "/sbin/ipfw -q table xc_network_lab add 10.9.0.3",
                "/sbin/ipfw -q nat 100 config if em0 redirect_port tcp 10.9.0.2:81 8081 redirect_port tcp "
                        + "10.9.0.3:80 8080"), commands(mark, "ipfw"));
        assertEquals(List.of(
                "ifconfig -l",
                "ifconfig bridge0 inet 10.9.0.2/32 alias",
                "ifconfig -l",
                "ifconfig epair create",
                "ifconfig epair0a up",
                "ifconfig bridge0 addm epair0a",
                "ifconfig epair0b vnet boxed",
                "ifconfig -j boxed epair0b inet 10.9.0.3/24 up",
                "ifconfig -j boxed lo0 inet 127.0.0.1/8 up"), commands(mark, "ifconfig"));
        assertEquals(List.of("route -j boxed add default 10.9.0.1"), commands(mark, "route"));
        assertEquals(List.of("10.9.0.2/32", "10.9.0.3/32"), ipfw.table("xc_network_lab"));
        assertEquals(Optional.of("ipfw nat 100 config if em0 redirect_port tcp 10.9.0.2:81 8081 redirect_port tcp "
                + "10.9.0.3:80 8080"), ipfw.natConfig(100));
        int jid = boxed.jid().orElseThrow();
        assertEquals(List.of("10.9.0.3/24"), ifs().get(jid, "epair0b").orElseThrow().addresses());
        assertEquals(Set.of("epair0a"), ifs().get(0, "bridge0").orElseThrow().members());
        assertEquals(Optional.of("10.9.0.1"), ifs().defaultRoute(jid));
        assertEquals("10.9.0.2/24", plain.mainAddress().orElseThrow().address().toString());

        // xc rdr add goes through the same provider
        engine.addRedirects("boxed", List.of(PortPublish.parse("5353:53/udp")));
        assertEquals(Optional.of("ipfw nat 100 config if em0 redirect_port tcp 10.9.0.2:81 8081 redirect_port tcp "
                + "10.9.0.3:80 8080 redirect_port udp 10.9.0.3:53 5353"), ipfw.natConfig(100));

        mark = host.journal().size();
        engine.kill("boxed", StopOptions.kill());
        engine.kill("plain", StopOptions.kill());
        assertEquals(List.of(
                "/sbin/ipfw -q nat 100 config if em0 redirect_port tcp 10.9.0.2:81 8081",
                "/sbin/ipfw -q table xc_network_lab delete 10.9.0.3",
                "/sbin/ipfw -q nat 100 config if em0",
                "/sbin/ipfw -q table xc_network_lab delete 10.9.0.2"), commands(mark, "ipfw"));
        assertEquals(List.of("ifconfig bridge0 deletem epair0a", "ifconfig epair0a destroy",
                "ifconfig bridge0 inet 10.9.0.2/32 -alias"), commands(mark, "ifconfig"));
        assertEquals(List.of(), ipfw.table("xc_network_lab"), "the table is empty");
        assertEquals(Optional.of("ipfw nat 100 config if em0"), ipfw.natConfig(100), "no redirect is left");
        assertEquals(List.of("bridge0", "em0", "lo0"), ifs().list().stream().map(Interfaces.Interface::name).toList());
        assertEquals(List.of("10.9.0.1/24"), ifs().get(0, "bridge0").orElseThrow().addresses());
        assertTrue(host.simulatedKernel().jails().isEmpty());
    }
}
