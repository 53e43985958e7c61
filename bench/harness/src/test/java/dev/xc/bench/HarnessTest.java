package dev.xc.bench;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;
import dev.xc.registry.Manifest;
import dev.xc.registry.RegistryClient;
import dev.xc.testkit.registry.RegistryServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class HarnessTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final Harness harness = new Harness(new PrintStream(stdout, true, StandardCharsets.UTF_8));

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    // ---- a two-layer OCI layout written by hand -------------------------------------------------------------

    private static byte[] tarGz(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(content.length);
                e.setMode(0644);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Digest put(Path layout, byte[] blob) throws IOException {
        Digest d = Digest.sha256(blob);
        Path f = layout.resolve("blobs/sha256/" + d.hex());
        Files.createDirectories(f.getParent());
        Files.write(f, blob);
        return d;
    }

    /** Writes a layout with tag "t": layer 1 has a/x and b, layer 2 adds c and whites out b. */
    private Path layout(boolean corruptDiffId) throws IOException {
        Path layout = tmp.resolve("oci");
        Files.createDirectories(layout);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Map<String, String> l1 = new LinkedHashMap<>();
        l1.put("a/x", "hello\n");
        l1.put("b", "bye\n");
        Map<String, String> l2 = new LinkedHashMap<>();
        l2.put("c", "sea\n");
        l2.put(".wh.b", "");
        byte[] g1 = tarGz(l1);
        byte[] g2 = tarGz(l2);
        Digest d1 = put(layout, g1);
        Digest d2 = put(layout, g2);
        Digest diff1 = Digest.sha256(gunzip(g1));
        Digest diff2 = corruptDiffId ? Digest.sha256(new byte[]{1}) : Digest.sha256(gunzip(g2));
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + diff1 + "\",\"" + diff2 + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Digest dc = put(layout, config);
        String gz = "application/vnd.oci.image.layer.v1.tar+gzip";
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + dc
                + "\",\"size\":" + config.length + "},\"layers\":["
                + "{\"mediaType\":\"" + gz + "\",\"digest\":\"" + d1 + "\",\"size\":" + g1.length + "},"
                + "{\"mediaType\":\"" + gz + "\",\"digest\":\"" + d2 + "\",\"size\":" + g2.length + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        Digest dm = put(layout, manifest);
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + dm + "\",\"size\":"
                + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"t\"}}]}");
        return layout;
    }

    // ---- unpack --------------------------------------------------------------------------------------------

    @Test
    void unpackAppliesTheLayersInOrderWithWhiteouts() throws IOException {
        Path layout = layout(false);
        Path root = tmp.resolve("root");
        assertEquals(0, harness.run(List.of("unpack", layout.toString(), "t", root.toString())));
        assertEquals("hello\n", Files.readString(root.resolve("a/x")));
        assertEquals("sea\n", Files.readString(root.resolve("c")));
        assertFalse(Files.exists(root.resolve("b")), "the whiteout in layer 2 removes b");
        assertFalse(Files.exists(root.resolve(".wh.b")), "the whiteout itself is not written");
        assertTrue(out().startsWith("unpacked 2 layers, 4 entries, "), out());
    }

    @Test
    void unpackRefusesALayerWhoseDiffIdDoesNotMatch() throws IOException {
        Path layout = layout(true);
        XcException e = assertThrows(XcException.class,
                () -> harness.run(List.of("unpack", layout.toString(), "t", tmp.resolve("r").toString())));
        assertEquals(ErrorCode.DIGEST_MISMATCH, e.code());
        assertTrue(e.getMessage().contains("layer 2 of 2 (diff id)"), e.getMessage());
    }

    @Test
    void anUnknownTagIsNamedWithTheTagsThereAre() throws IOException {
        Path layout = layout(false);
        XcException e = assertThrows(XcException.class,
                () -> harness.run(List.of("unpack", layout.toString(), "nope", tmp.resolve("r").toString())));
        assertEquals(ErrorCode.IMAGE_NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("no image tagged 'nope' (it has t)"), e.getMessage());
    }

    @Test
    void aDirectoryWithoutIndexIsNotALayout() {
        XcException e = assertThrows(XcException.class, () -> OciLayout.open(tmp));
        assertEquals(ErrorCode.IMAGE_NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("is not an OCI image layout: it has no index.json"), e.getMessage());
    }

    // ---- usage errors --------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                     | no command given",
            "frob                   | unknown command 'frob'",
            "unpack a b             | unpack takes 3 arguments, not 2",
            "push a b c d           | push takes 3 arguments, not 4",
            "sha256                 | sha256 needs at least one file",
            "noop x                 | noop takes 0 arguments, not 1",
            "train                  | train takes 1 argument, not 0",
    })
    void malformedArgumentsAreRejectedNamingTheProblem(String args, String expected) {
        List<String> argv = args.isBlank() ? List.of() : Arrays.asList(args.trim().split(" "));
        XcException e = assertThrows(XcException.class, () -> harness.run(argv));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("invalid harness arguments: " + expected, e.getMessage());
        assertEquals(Harness.USAGE, e.hint());
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1:5000,true", "localhost:1,true", "[::1]:5000,true", "127.0.0.1,true",
            "registry.example:5000,false", "10.0.0.1:5000,false", "docker.io,false"})
    void loopbackRegistriesArePlainHttp(String registry, boolean loopback) {
        assertEquals(loopback, Harness.isLoopback(registry));
    }

    // ---- train ---------------------------------------------------------------------------------------------

    @Test
    void trainingUnpacksItsOwnImageAndLeavesNothingBehind() {
        Path scratch = tmp.resolve("scratch");
        harness.run(List.of("train", scratch.toString()));
        // 4 rounds of 3 layers; the first layer alone holds 1,500 files and their directories
        long entries = Long.parseLong(out().replaceAll("(?s)trained: (\\d+) entries unpacked.*", "$1"));
        assertTrue(entries > 4 * 1_500, out());
        assertFalse(Files.exists(scratch), "the scratch directory is removed");
    }

    // ---- sha256 --------------------------------------------------------------------------------------------

    @Test
    void sha256PrintsLikeSha256sum() throws IOException {
        Path f = Files.writeString(tmp.resolve("abc"), "abc");
        harness.run(List.of("sha256", f.toString()));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  " + f + "\n",
                out().replace(System.lineSeparator(), "\n"));
    }

    @Property(tries = 200)
    void streamingSha256EqualsTheOneShotDigestAcrossBufferBoundaries(@ForAll("sizes") int size) throws IOException {
        byte[] data = new byte[size];
        new java.util.Random(size).nextBytes(data);
        Path f = Files.createTempFile("xc-bench", ".bin");
        try {
            Files.write(f, data);
            assertEquals(Digest.sha256(data), Harness.sha256(f));
        } finally {
            Files.delete(f);
        }
    }

    @Provide
    Arbitrary<Integer> sizes() {
        int mib = 1 << 20;
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 3 * mib),
                Arbitraries.of(0, 1, 63, 64, 65, mib - 1, mib, mib + 1, 2 * mib));
    }

    // ---- push (against a real registry when docker-registry is installed) -----------------------------------

    @Test
    void pushUploadsEveryBlobAndTheManifestByteForByte() throws IOException {
        assumeTrue(RegistryServer.isAvailable(), "docker-registry is not installed");
        Path layout = layout(false);
        OciLayout.Image image = OciLayout.open(layout).image("t");
        try (RegistryServer registry = RegistryServer.builder().anonymous().start()) {
            String ref = registry.host() + "/bench/t:1";
            assertEquals(0, harness.run(List.of("push", layout.toString(), "t", ref)));
            assertTrue(out().contains("(3 of 3 blobs uploaded)"), out());
            try (RegistryClient client = RegistryClient.builder().insecure(registry.host()).build()) {
                Manifest m = client.fetchManifest(ImageReference.parse(ref));
                assertEquals(image.descriptor().digest(), m.digest());
                assertEquals(Optional.of(image.manifest().config().digest()), m.config().map(c -> c.digest()));
            }
            harness.run(List.of("push", layout.toString(), "t", ref));
            assertTrue(out().contains("(0 of 3 blobs uploaded)"), "a second push finds every blob there: " + out());
        }
    }
}
