package dev.xc.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assembled module path, run in a separate JVM exactly as {@code bin/xc} runs it: every module resolves, every
 * {@code uses}/{@code provides} is declared, and a provider in a jar the engine has never seen is discovered and chosen
 * by name with nothing changed in the engine.
 */
class ModulePathTest {

    private static final Path MODULES = Path.of(System.getProperty("xc.modules", "target/modules"));
    private static final Path PLUGINS = Path.of(System.getProperty("xc.plugins", "target/plugins"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    static Path tmp;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void modulesArePresent() {
        assertTrue(Files.isDirectory(MODULES), "run the build with 'verify' so " + MODULES + " is assembled");
    }

    static Run java(List<String> args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(JAVA);
        argv.addAll(args);
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "java did not finish: " + argv);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static Run xc(String modulePath, String... args) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("--module-path", modulePath, "-m", "dev.xc.cli/dev.xc.cli.Main"));
        a.addAll(List.of(args));
        return java(a);
    }

    @Test
    void everyXcModuleResolves() throws Exception {
        Run r = java(List.of("--module-path", MODULES.toString(), "--list-modules"));
        assertEquals(0, r.exit(), r.err());
        Set<String> found = new TreeSet<>();
        r.out().lines().map(l -> l.split("[@ ]")[0]).filter(n -> n.startsWith("dev.xc.")).forEach(found::add);
        assertEquals(new TreeSet<>(Set.of("dev.xc.api", "dev.xc.host", "dev.xc.image", "dev.xc.registry",
                "dev.xc.jail", "dev.xc.zfs", "dev.xc.net.pf", "dev.xc.devfs", "dev.xc.dtrace", "dev.xc.engine",
                "dev.xc.server", "dev.xc.client", "dev.xc.cli", "dev.xc.testkit")), found);
        // and they form a consistent graph: resolving all of them at once fails on a missing requires
        Run check = java(List.of("--module-path", MODULES.toString(), "--add-modules", String.join(",", found),
                "--validate-modules"));
        assertEquals(0, check.exit(), check.out() + check.err());
    }

    @Test
    void modulesExportTheirApiAndHideTheirInternals() throws Exception {
        for (String module : List.of("dev.xc.api", "dev.xc.host", "dev.xc.engine", "dev.xc.jail", "dev.xc.zfs",
                "dev.xc.net.pf", "dev.xc.devfs", "dev.xc.dtrace", "dev.xc.cli", "dev.xc.client")) {
            Run r = java(List.of("--module-path", MODULES.toString(), "--describe-module", module));
            assertEquals(0, r.exit(), r.err());
            List<String> lines = r.out().lines().toList();
            for (String l : lines) {
                if (l.startsWith("exports ")) {
                    assertFalse(l.contains(".internal"), module + " exports an internal package: " + l);
                    assertFalse(l.contains(" to "), module + " has a qualified export: " + l);
                }
            }
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("exports ")) || module.equals("dev.xc.server"),
                    module + " exports nothing: " + lines);
        }
        Run api = java(List.of("--module-path", MODULES.toString(), "--describe-module", "dev.xc.api"));
        assertTrue(api.out().lines().anyMatch(l -> l.equals("requires java.base mandated")), api.out());
        assertEquals(List.of("requires java.base mandated", "requires org.jspecify static"),
                api.out().lines().filter(l -> l.startsWith("requires ")).sorted().toList(),
                "xc-api depends on java.base only");
        Run engine = java(List.of("--module-path", MODULES.toString(), "--describe-module", "dev.xc.engine"));
        for (String kind : List.of("StorageProvider", "JailRuntimeProvider", "FirewallProvider", "DevfsProvider",
                "TracingProvider")) {
            assertTrue(engine.out().contains("uses dev.xc.api.spi." + kind), engine.out());
        }
        assertFalse(engine.out().lines().anyMatch(l -> l.matches("requires dev\\.xc\\.(jail|zfs|net\\.pf|devfs|dtrace).*")),
                "the engine never requires a backend: " + engine.out());
    }

    @Test
    void theEngineFindsAProviderOfEveryKindOnTheModulePath() throws Exception {
        Run r = xc(MODULES.toString(), "info", "--embedded", "--state-dir", tmp.resolve("s1").toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode info = new ObjectMapper().readTree(r.out());
        assertEquals("embedded", info.get("mode").asText());
        Set<String> kinds = new TreeSet<>();
        info.get("providers").forEach(p -> kinds.add(p.get("kind").asText()));
        assertEquals(new TreeSet<>(Set.of("storage", "jail", "firewall", "devfs", "tracing")), kinds);
        Set<String> names = new TreeSet<>();
        info.get("providers").forEach(p -> names.add(p.get("name").asText()));
        assertTrue(names.containsAll(Set.of("directory", "zfs", "freebsd-jail", "pf", "devfs", "dtrace")), names.toString());
        JsonNode storage = find(info, "directory");
        assertTrue(storage.get("selected").asBoolean());
        boolean freebsd = info.get("host").get("osName").asText().equals("FreeBSD");
        if (!freebsd) {
            JsonNode jail = find(info, "freebsd-jail");
            assertFalse(jail.get("supported").asBoolean());
            assertTrue(jail.get("reason").asText().startsWith("needs a FreeBSD kernel"), jail.toString());
        }
    }

    @Test
    void aThirdPartyJarIsDiscoveredAndSelectedByName() throws Exception {
        Path jar = buildPluginJar(tmp.resolve("plugin"));
        Path conf = tmp.resolve("xc.conf");
        Files.writeString(conf, "state_dir: " + tmp.resolve("s2") + "\nstorage: directory\nfirewall: null-fw\n"
                + "ext_ifs: [lo0]\n");
        String mp = MODULES + java.io.File.pathSeparator + jar + java.io.File.pathSeparator + PLUGINS;
        Run r = xc(mp, "info", "--embedded", "--config", conf.toString(), "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode info = new ObjectMapper().readTree(r.out());
        JsonNode fw = find(info, "null-fw");
        assertEquals("firewall", fw.get("kind").asText());
        assertTrue(fw.get("selected").asBoolean(), fw.toString());
        assertTrue(info.get("setup").toString().contains("null-fw needs no setup"), info.toString());
        // the ipfw example is found too, and says why it cannot run here when the host is not FreeBSD
        JsonNode ipfw = find(info, "ipfw");
        assertFalse(ipfw.get("selected").asBoolean());

        // without the jar the same configuration fails at start-up and names what is missing
        Run missing = xc(MODULES.toString(), "info", "--embedded", "--config", conf.toString());
        assertEquals(7, missing.exit(), missing.err()); // NO_PROVIDER is a host-category error
        assertTrue(missing.err().contains("the configured firewall provider 'null-fw' was not found; found: pf"),
                missing.err());
    }

    /** Pushes a one-layer image with {@code config} to {@code registry} and returns its reference. */
    private static dev.xc.api.image.ImageReference pushImage(dev.xc.testkit.registry.RegistryServer registry,
                                                            String repo, dev.xc.api.image.JailConfig config)
            throws IOException {
        return pushImage(registry, tmp, repo, config);
    }

    /** As above, the layer's tree made under {@code tmp}. */
    static dev.xc.api.image.ImageReference pushImage(dev.xc.testkit.registry.RegistryServer registry, Path tmp,
                                                     String repo, dev.xc.api.image.JailConfig config)
            throws IOException {
        Path root = tmp.resolve("img-" + repo.replace('/', '-'));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/motd"), "hello from a layer\n");
        var out = new java.io.ByteArrayOutputStream();
        var layer = dev.xc.image.LayerBuilder.create(dev.xc.image.Compression.GZIP).full(root, out);
        byte[] cfg = dev.xc.image.XcImageConfig.writeImageConfig(config, "amd64", List.of(layer.diffId()));
        var ref = dev.xc.api.image.ImageReference.parse(registry.host() + "/" + repo + ":1");
        try (var c = dev.xc.registry.RegistryClient.builder().insecure(registry.host()).build()) {
            c.pushBlob(ref, dev.xc.registry.BlobSource.of(layer.mediaType(), out.toByteArray()), java.util.Optional.empty());
            c.pushBlob(ref, dev.xc.registry.BlobSource.of(dev.xc.registry.MediaTypes.OCI_CONFIG, cfg), java.util.Optional.empty());
            c.pushManifest(ref, dev.xc.registry.Manifest.image(dev.xc.registry.MediaTypes.OCI_MANIFEST,
                    dev.xc.registry.Descriptor.of(dev.xc.registry.MediaTypes.OCI_CONFIG,
                            dev.xc.api.image.Digest.sha256(cfg), cfg.length),
                    List.of(dev.xc.registry.Descriptor.of(layer.mediaType(), layer.digest(), layer.size()))));
        }
        return ref;
    }

    @Test
    void pullWorksOnTheAssembledModulePath() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.xc.testkit.registry.RegistryServer.isAvailable(),
                "docker-registry is not installed");
        try (var registry = dev.xc.testkit.registry.RegistryServer.builder().anonymous().start()) {
            var ref = pushImage(registry, "dist/hello", dev.xc.api.image.JailConfig.empty());
            Run r = xc(MODULES.toString(), "pull", "--embedded", "--state-dir", tmp.resolve("s3").toString(),
                    ref.toString());
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().startsWith("pulled " + ref.familiar()), r.out());
            Run images = xc(MODULES.toString(), "images", "-H", "--embedded", "--state-dir", tmp.resolve("s3").toString());
            assertTrue(images.out().startsWith(ref.familiar()), images.out() + images.err());
        }
    }

    @Test
    void devfsRulesThatExposeDevicesNeedApprovalOnTheCommandLine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.xc.testkit.registry.RegistryServer.isAvailable(),
                "docker-registry is not installed");
        org.junit.jupiter.api.Assumptions.assumeFalse(System.getProperty("os.name").equals("FreeBSD"),
                "runs on the simulated host");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "needs bubblewrap");
        try (var registry = dev.xc.testkit.registry.RegistryServer.builder().anonymous().start()) {
            var ref = pushImage(registry, "dist/bpf",
                    dev.xc.api.image.JailConfig.builder().devfsRule("path 'bpf*' unhide").build());
            String state = tmp.resolve("s4").toString();
            assertEquals(0, xc(MODULES.toString(), "pull", "-q", "--embedded", "--state-dir", state, ref.toString()).exit());
            Run refused = xc(MODULES.toString(), "create", "--embedded", "--state-dir", state, "--name", "b1",
                    ref.toString(), "/bin/true");
            assertEquals(5, refused.exit(), refused.out() + refused.err());
            assertTrue(refused.err().contains("devfs rule 'path 'bpf*' unhide' of the image needs approval"), refused.err());
            assertTrue(refused.err().contains("--allow-devfs-rule"), refused.err());
            Run approved = xc(MODULES.toString(), "create", "--yes", "--embedded", "--state-dir", state, "--name", "b2",
                    ref.toString(), "/bin/true");
            assertEquals(0, approved.exit(), approved.out() + approved.err());
            assertTrue(approved.out().strip().matches("[0-9a-f]{12}"), approved.out());
        }
    }

    private static JsonNode find(JsonNode info, String name) {
        for (JsonNode p : info.get("providers")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("provider " + name + " not listed in " + info);
    }

    /** Compiles a firewall provider module that the build has never seen and packs it as a modular jar. */
    private static Path buildPluginJar(Path dir) throws IOException {
        Path src = dir.resolve("src");
        Path pkg = src.resolve("org/example/nullfw");
        Files.createDirectories(pkg);
        Files.writeString(src.resolve("module-info.java"), """
                module org.example.nullfw {
                    requires dev.xc.api;
                    provides dev.xc.api.spi.FirewallProvider with org.example.nullfw.NullFirewallProvider;
                }
                """);
        Files.writeString(pkg.resolve("NullFirewallProvider.java"), """
                package org.example.nullfw;

                import dev.xc.api.net.PortRedirect;
                import dev.xc.api.spi.*;
                import java.util.List;

                public final class NullFirewallProvider implements FirewallProvider {
                    public String name() { return "null-fw"; }
                    public int priority() { return 1; }
                    public String description() { return "a firewall that does nothing"; }
                    public Support isSupported(Host host) { return Support.yes(); }
                    public Firewall create(ProviderContext context) {
                        return new Firewall() {
                            public void addAddresses(String n, List<String> a) { }
                            public void removeAddresses(String n, List<String> a) { }
                            public void replaceRedirects(List<PortRedirect> r) { }
                            public String setupInstructions() { return "null-fw needs no setup"; }
                        };
                    }
                }
                """);
        Path classes = dir.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> files;
        try (Stream<Path> s = Files.walk(src)) {
            files = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--module-path", MODULES.toString()));
        args.addAll(files);
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        assertEquals(0, rc, "the plugin must compile against xc-api alone");
        Path jar = dir.resolve("nullfw.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os);
             Stream<Path> s = Files.walk(classes)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jos.write(Files.readAllBytes(f));
                jos.closeEntry();
            }
        }
        return jar;
    }
}
