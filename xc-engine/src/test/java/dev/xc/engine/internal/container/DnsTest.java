package dev.xc.engine.internal.container;

import dev.xc.api.container.ContainerInfo;
import dev.xc.api.container.LogLine;
import dev.xc.api.container.LogOptions;
import dev.xc.api.container.RunRequest;
import dev.xc.api.event.EventListener;
import dev.xc.api.image.EntryPoint;
import dev.xc.api.image.ImageReference;
import dev.xc.api.image.JailConfig;
import dev.xc.api.net.DnsSetting;
import dev.xc.engine.internal.XcEngine;
import dev.xc.testkit.registry.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What each DNS flag of {@code xc run} puts in the container's {@code /etc/resolv.conf}, read from inside the jail
 * ({@code cat /etc/resolv.conf} as the main process). The image ships its own resolv.conf, so leaving it alone is
 * visible too. The flags go through {@link DnsSetting#fromFlags}, as the CLI passes them.
 */
class DnsTest {

    static final String IMAGE_RESOLV = "nameserver 192.0.2.53\n";

    @TempDir
    static Path shared;
    static RegistryServer registry;
    static ImageReference image;

    @TempDir
    Path tmp;
    XcEngine engine;

    @BeforeAll
    static void pushImage() throws IOException {
        assumeTrue(ContainerFixture.available(), "docker-registry, bwrap and busybox are needed");
        registry = RegistryServer.builder().anonymous().start();
        Path tree = ContainerFixture.busyboxTree(shared.resolve("tree"));
        Files.writeString(tree.resolve("etc/resolv.conf"), IMAGE_RESOLV);
        JailConfig config = JailConfig.builder()
                .entryPoint("main", EntryPoint.of("/bin/cat", List.of("/etc/resolv.conf"))).build();
        image = ContainerFixture.push(registry, "xc/dns", config, tree);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void engine() {
        engine = ContainerFixture.engineWithImage(tmp.resolve("state"), ContainerFixture.host(), image);
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Runs the image with {@code dns} and returns what its main process read, a line feed after each line. */
    private String resolvConf(DnsSetting dns) {
        ContainerInfo c = engine.run(RunRequest.builder(image).dns(dns).build(), EventListener.NONE);
        ContainerFixture.awaitState(engine, c.id(), "exited");
        List<LogLine> lines = new ArrayList<>();
        engine.logs(c.id(), LogOptions.all(), lines::add);
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.text()).append('\n'));
        return sb.toString();
    }

    private static DnsSetting flags(List<String> dns, List<String> search, boolean empty, boolean nop) {
        return DnsSetting.fromFlags(dns, search, empty, nop);
    }

    @Test
    void dnsWritesOneNameserverLinePerServerInOrder() {
        assertEquals("nameserver 1.1.1.1\nnameserver 2606:4700:4700::1111\n",
                resolvConf(flags(List.of("1.1.1.1", "2606:4700:4700::1111"), List.of(), false, false)));
    }

    @Test
    void dnsSearchWritesOneSearchLineBeforeTheServers() {
        assertEquals("search example.org corp.example.org\nnameserver 10.0.0.53\n", resolvConf(flags(
                List.of("10.0.0.53"), List.of("example.org", "corp.example.org"), false, false)));
        assertEquals("search example.org\n", resolvConf(flags(List.of(), List.of("example.org"), false, false)));
    }

    @Test
    void emptyDnsWritesAnEmptyFile() {
        assertEquals("", resolvConf(flags(List.of(), List.of(), true, false)));
    }

    @Test
    void dnsNopLeavesTheImagesFile() {
        assertEquals(IMAGE_RESOLV, resolvConf(flags(List.of(), List.of(), false, true)));
    }

    @Test
    void withoutFlagsTheHostsFileIsCopied() throws IOException {
        Path host = Path.of("/etc/resolv.conf");
        assumeTrue(Files.isRegularFile(host) && Files.size(host) > 0 && Files.readString(host).endsWith("\n"),
                "this machine has a regular, non-empty /etc/resolv.conf");
        DnsSetting none = flags(List.of(), List.of(), false, false);
        assertEquals(new DnsSetting.Inherit(), none);
        assertEquals(Files.readString(host), resolvConf(none));
        assertEquals(Files.readString(host), resolvConf(RunRequest.builder(image).build().dns()));
    }
}
