package dev.xc.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.testkit.image.CopyingLayerWriter;
import dev.xc.testkit.image.TreeSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-layer corpus: each layer must be refused with an error naming the problem, the committed root must be
 * left exactly as it was, and nothing outside the root may change.
 */
class HostileLayerTest {

    /** One hostile case: an optional earlier (accepted) layer, the hostile layer and what must be reported. */
    record Case(String name, Optional<byte[]> earlier, byte[] layer, String mediaType, Optional<Digest> digest,
                Optional<Digest> diffId, UnpackOptions options, ErrorCode code, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final UnpackOptions OPTS = UnpackOptions.defaults();

    private static Case c(String name, byte[] layer, String message) {
        return new Case(name, Optional.empty(), layer, MediaTypes.OCI_LAYER, Optional.empty(), Optional.empty(), OPTS,
                ErrorCode.UNSAFE_LAYER, message);
    }

    private static Case after(String name, byte[] earlier, byte[] layer, String message) {
        return new Case(name, Optional.of(earlier), layer, MediaTypes.OCI_LAYER, Optional.empty(), Optional.empty(),
                OPTS, ErrorCode.UNSAFE_LAYER, message);
    }

    static Stream<Case> corpus() {
        String longDots = "d".repeat(120) + "/../../outside/secret";
        byte[] innocent = new Tars().dir("www").file("www/index.html", "hello").tar();
        byte[] many = manyEntries(101);
        byte[] wideBomb = wideBomb(20, 100_000);
        return Stream.of(
                c("dot-dot at the start", new Tars().file("../outside/secret", "x").tar(),
                        "unsafe layer entry '../outside/secret': the name has a '..' component"),
                c("dot-dot in the middle", new Tars().file("etc/../../outside/secret", "x").tar(),
                        "unsafe layer entry 'etc/../../outside/secret': the name has a '..' component"),
                c("dot-slash then dot-dot", new Tars().file("./../outside/secret", "x").tar(),
                        "the name has a '..' component"),
                c("absolute with dot-dot", new Tars().file("/../outside/secret", "x").tar(),
                        "the name has a '..' component"),
                c("dot-dot directory", new Tars().dir("../outside/newdir").tar(),
                        "unsafe layer entry '../outside/newdir/': the name has a '..' component"),
                c("dot-dot symlink name", new Tars().symlink("../outside/link", "/etc/passwd").tar(),
                        "the name has a '..' component"),
                c("PAX long name with dot-dot", new Tars().file(longDots, "x").tar(),
                        "the name has a '..' component"),
                c("GNU long name with dot-dot", new Tars().gnuLongNames().file(longDots, "x").tar(),
                        "the name has a '..' component"),
                c("symlink out then write through it, same layer",
                        new Tars().symlink("evil", "../outside").file("evil/secret", "pwned").tar(),
                        "unsafe layer entry 'evil/secret': a symlink on its path leads outside the root"),
                after("symlink planted by an earlier layer, written through",
                        new Tars().symlink("evil", "../outside").tar(),
                        new Tars().file("evil/secret", "pwned").tar(),
                        "unsafe layer entry 'evil/secret': a symlink on its path leads outside the root"),
                after("symlink planted deep by an earlier layer",
                        new Tars().dir("a").dir("a/b").symlink("a/b/c", "../../../outside").tar(),
                        new Tars().file("a/b/c/secret", "pwned").tar(),
                        "a symlink on its path leads outside the root"),
                c("chain of symlinks leading out",
                        new Tars().symlink("l1", "l2").symlink("l2", "sub/../..").dir("sub")
                                .file("l1/outside/secret", "x").tar(),
                        "a symlink on its path leads outside the root"),
                c("absolute symlink target climbing above the root",
                        new Tars().symlink("evil", "/../outside").file("evil/secret", "x").tar(),
                        "a symlink on its path leads outside the root"),
                c("symlink loop", new Tars().symlink("l1", "l2").symlink("l2", "l1").file("l1/x", "x").tar(),
                        "too many levels of symbolic links on its path"),
                c("directory replaced by a symlink mid-layer",
                        new Tars().dir("d").file("d/x", "ok").symlink("d", "../outside").file("d/secret", "x").tar(),
                        "unsafe layer entry 'd/secret': a symlink on its path leads outside the root"),
                c("hard link with dot-dot", new Tars().hardlink("h", "../outside/secret").tar(),
                        "the name has a '..' component"),
                c("hard link to an absolute host path", new Tars().hardlink("h", "/outside-of-root/passwd").tar(),
                        "unsafe layer entry 'h': it is a hard link to '/outside-of-root/passwd', which does not "
                                + "exist in the root"),
                after("hard link through a planted symlink",
                        new Tars().symlink("evil", "../outside").tar(),
                        new Tars().hardlink("h", "evil/secret").tar(),
                        "unsafe layer entry 'h': a symlink on its path leads outside the root"),
                c("hard link to a symlink pointing out",
                        new Tars().symlink("s", "../outside/secret").hardlink("h", "s").tar(),
                        "unsafe layer entry 'h': it is a hard link to 's', which is not a regular file"),
                c("hard link to a directory", new Tars().dir("d").hardlink("h", "d").tar(),
                        "it is a hard link to 'd', which is not a regular file"),
                c("hard link to the root", new Tars().hardlink("h", "./").tar(),
                        "unsafe layer entry 'h': it is a hard link to the root directory"),
                c("character device where devices are forbidden",
                        new Tars().dir("dev").device("dev/mem", true, 1, 1).tar(),
                        "unsafe layer entry 'dev/mem': it is a device node (character 1,1) and device nodes are "
                                + "not allowed here"),
                c("block device where devices are forbidden", new Tars().device("disk", false, 8, 0).tar(),
                        "it is a device node (block 8,0)"),
                c("whiteout naming the parent", new Tars().dir("etc").whiteout("etc/.wh..").tar(),
                        "unsafe layer entry 'etc/.wh..': the whiteout names no sibling ('.')"),
                c("whiteout with dot-dot", new Tars().whiteout("../outside/.wh.secret").tar(),
                        "the name has a '..' component"),
                after("whiteout through a planted symlink",
                        new Tars().symlink("evil", "../outside").tar(),
                        new Tars().whiteout("evil/.wh.secret").tar(),
                        "unsafe layer entry 'evil/.wh.secret': a symlink on its path leads outside the root"),
                after("opaque whiteout through a planted symlink",
                        new Tars().symlink("evil", "../outside").tar(),
                        new Tars().whiteout("evil/.wh..wh..opq").tar(),
                        "a symlink on its path leads outside the root"),
                c("file replacing the root", new Tars().file(".", "x").tar(),
                        "it would replace the root directory"),
                c("a file used as a directory", new Tars().file("f", "x").file("f/x", "y").tar(),
                        "unsafe layer entry 'f/x': 'f' on its path is not a directory"),
                c("empty symlink target", new Tars().symlink("s", "").tar(),
                        "it is a symbolic link with an empty or invalid target"),
                new Case("tar bomb: too many entries", Optional.empty(), many, MediaTypes.OCI_LAYER, Optional.empty(),
                        Optional.empty(), OPTS.withMaxEntries(100), ErrorCode.UNSAFE_LAYER,
                        "layer has more than 100 entries (at entry 'f100')"),
                new Case("tar bomb: one absurd entry", Optional.empty(), new Tars().sizedFile("big", 3 << 20).tar(),
                        MediaTypes.OCI_LAYER, Optional.empty(), Optional.empty(), OPTS.withMaxBytes(1 << 20),
                        ErrorCode.UNSAFE_LAYER,
                        "layer entry 'big' declares 3145728 bytes, more than the limit of 1048576"),
                new Case("decompression bomb", Optional.empty(), Tars.gzip(wideBomb), MediaTypes.OCI_LAYER_GZIP,
                        Optional.empty(), Optional.empty(), OPTS.withMaxBytes(1 << 20), ErrorCode.UNSAFE_LAYER,
                        "layer 1 expands to more than 1048576 bytes"),
                new Case("blob digest mismatch", Optional.empty(), innocent, MediaTypes.OCI_LAYER,
                        Optional.of(Digest.sha256("something else".getBytes(StandardCharsets.UTF_8))),
                        Optional.empty(), OPTS, ErrorCode.DIGEST_MISMATCH,
                        "layer 1 of 1 (blob) has digest " + Digest.sha256(innocent)),
                new Case("diff id mismatch", Optional.empty(), Tars.zstd(innocent), MediaTypes.OCI_LAYER_ZSTD,
                        Optional.empty(), Optional.of(Digest.sha256(new byte[1])), OPTS, ErrorCode.DIGEST_MISMATCH,
                        "layer 1 of 1 (diff id) has digest " + Digest.sha256(innocent)),
                new Case("declared gzip, not gzip", Optional.empty(), innocent, MediaTypes.OCI_LAYER_GZIP,
                        Optional.empty(), Optional.empty(), OPTS, ErrorCode.MALFORMED_CONTENT,
                        "layer 1 is declared gzip but its first bytes are not a gzip header"),
                new Case("truncated gzip", Optional.empty(),
                        Arrays.copyOf(Tars.gzip(innocent), Tars.gzip(innocent).length / 2), MediaTypes.OCI_LAYER_GZIP,
                        Optional.empty(), Optional.empty(), OPTS, ErrorCode.MALFORMED_CONTENT,
                        "layer 1 is not a valid compressed stream"));
    }

    private static byte[] manyEntries(int n) {
        Tars t = new Tars();
        for (int i = 0; i < n; i++) {
            t.file("f" + i, "");
        }
        return t.tar();
    }

    private static byte[] wideBomb(int files, int size) {
        Tars t = new Tars();
        for (int i = 0; i < files; i++) {
            t.sizedFile("zero" + i, size);
        }
        return t.tar();
    }

    @TempDir
    Path tmp;

    private Path target;
    private Path outside;

    private void setUp() throws IOException {
        target = tmp.resolve("target");
        outside = tmp.resolve("outside");
        Files.createDirectories(target.resolve("etc"));
        Files.writeString(target.resolve("etc/passwd"), "root:*:0:0\n");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret"), "do not touch\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void hostileLayerIsRefusedAndChangesNothing(Case k) throws IOException {
        setUp();
        LayerUnpacker unpacker = new LayerUnpacker(k.options());
        if (k.earlier().isPresent()) {
            byte[] e = k.earlier().get();
            CopyingLayerWriter w = new CopyingLayerWriter(target, tmp.resolve("stage0"));
            unpacker.unpack(new LayerSource(() -> new ByteArrayInputStream(e), MediaTypes.OCI_LAYER,
                    Optional.empty(), Optional.empty()), w);
            w.commit();
        }
        TreeSnapshot before = TreeSnapshot.of(target, true);
        TreeSnapshot outsideBefore = TreeSnapshot.of(outside, true);
        assertTrue(before.nodes().containsKey("etc/passwd"));

        Path stage = tmp.resolve("stage1");
        CopyingLayerWriter w = new CopyingLayerWriter(target, stage);
        XcException x = assertThrows(XcException.class, () -> unpacker.unpack(new LayerSource(
                () -> new ByteArrayInputStream(k.layer()), k.mediaType(), k.digest(), k.diffId()), w));

        assertEquals(k.code(), x.code(), x::getMessage);
        assertTrue(x.getMessage().contains(k.message()), () -> "message was: " + x.getMessage());
        assertFalse(x.hint().isEmpty());
        assertTrue(w.finished(), "the writer must be closed on failure");
        assertFalse(Files.exists(stage, LinkOption.NOFOLLOW_LINKS), "the partial layer must be discarded");
        TreeSnapshot after = TreeSnapshot.of(target, true);
        assertEquals(before, after, () -> before.diff(after));
        TreeSnapshot outsideAfter = TreeSnapshot.of(outside, true);
        assertEquals(outsideBefore, outsideAfter, () -> outsideBefore.diff(outsideAfter));
        assertEquals(List.of("outside", "target"), listTmp(), "nothing new next to the root");
    }

    private List<String> listTmp() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void corpusHasAtLeastTwentyFiveCases() {
        assertTrue(corpus().count() >= 25, "corpus size " + corpus().count());
    }

    // ---- confinement: layers that look hostile but are legal are kept inside the root

    private Path unpackPlain(byte[]... layers) throws IOException {
        setUp();
        LayerUnpacker u = new LayerUnpacker(OPTS);
        for (byte[] l : layers) {
            CopyingLayerWriter w = new CopyingLayerWriter(target, tmp.resolve("s" + System.nanoTime()));
            u.unpack(new LayerSource(() -> new ByteArrayInputStream(l), "", Optional.empty(), Optional.empty()), w);
            w.commit();
        }
        return target;
    }

    @Test
    void absoluteNamesAreRelativeToTheRoot() throws IOException {
        TreeSnapshot outsideBefore;
        unpackPlain(new Tars().file("/etc/passwd", "replaced").tar());
        outsideBefore = TreeSnapshot.of(outside);
        assertEquals("replaced", Files.readString(target.resolve("etc/passwd")));
        assertEquals(outsideBefore, TreeSnapshot.of(outside));
    }

    @Test
    void absoluteSymlinksInParentsAreResolvedInsideTheRoot() throws IOException {
        unpackPlain(new Tars().symlink("run", "/var/run").dir("var").dir("var/run").tar(),
                new Tars().file("run/pid", "42").tar());
        assertEquals("42", Files.readString(target.resolve("var/run/pid")));
        assertTrue(Files.isSymbolicLink(target.resolve("run")));
    }

    @Test
    void aFileOverASymlinkReplacesTheLinkNotItsTarget() throws IOException {
        unpackPlain(new Tars().symlink("s", "../outside/secret").tar(), new Tars().file("s", "mine").tar());
        assertEquals("do not touch\n", Files.readString(outside.resolve("secret")));
        assertFalse(Files.isSymbolicLink(target.resolve("s")));
        assertEquals("mine", Files.readString(target.resolve("s")));
    }

    @Test
    void devicesAreSkippedWhenAskedTo() throws IOException {
        setUp();
        byte[] l = new Tars().device("mem", true, 1, 1).file("ok", "ok").tar();
        new LayerUnpacker(OPTS.withDevices(UnpackOptions.DevicePolicy.SKIP)).unpackAll(List.of(new LayerSource(
                () -> new ByteArrayInputStream(l), "", Optional.empty(), Optional.empty())), target);
        assertFalse(Files.exists(target.resolve("mem"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(target.resolve("ok")));
    }
}
