package dev.xc.image;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.api.image.Digest;
import dev.xc.api.image.ImageReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageStoreTest {

    @TempDir
    Path tmp;

    private static Digest d(String s) {
        return Digest.sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Manifest and config JSON for an image whose layers are named {@code names}. */
    private static byte[][] image(String... names) {
        List<Digest> diffs = new ArrayList<>();
        List<OciDescriptor> layers = new ArrayList<>();
        for (String n : names) {
            diffs.add(d("diff-" + n));
            layers.add(OciDescriptor.of(MediaTypes.OCI_LAYER_ZSTD, d("blob-" + n), n.length()));
        }
        byte[] cfg = ImageJson.write(new OciImageConfig("amd64", "FreeBSD", JsonNodeFactory.instance.objectNode(),
                diffs, List.of(), Optional.empty(), Optional.empty(), Optional.empty()));
        byte[] man = ImageJson.write(new OciManifest(2, MediaTypes.OCI_MANIFEST,
                OciDescriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(cfg), cfg.length), layers, Map.of()));
        return new byte[][] {man, cfg};
    }

    @Test
    void schemaIsVersionedAndReopenIsANoOp() {
        try (ImageStore s = ImageStore.open(tmp.resolve("db/images.sqlite"))) {
            assertEquals(1, s.schemaVersion());
        }
        try (ImageStore s = ImageStore.open(tmp.resolve("db/images.sqlite"))) {
            assertEquals(1, s.schemaVersion());
        }
    }

    @Test
    void putTagResolveAndChains() {
        try (ImageStore s = ImageStore.open(tmp.resolve("images.sqlite"))) {
            byte[][] a = image("base", "app");
            StoredImage img = s.put(a[0], a[1]);
            assertEquals(img, s.put(a[0], a[1]), "idempotent");
            assertEquals(Digest.sha256(a[0]), img.manifest());
            assertEquals(2, img.layers().size());
            assertEquals(d("diff-base"), img.layers().get(0).chainId());
            assertEquals(Digest.sha256((d("diff-base") + " " + d("diff-app")).getBytes(StandardCharsets.UTF_8)),
                    img.layers().get(1).chainId());

            ImageReference ref = ImageReference.parse("freebsdxc/freebsd:13.2");
            s.tag(ref, img.manifest());
            assertEquals(List.of(ref), s.resolve(ref).orElseThrow().tags());
            assertEquals(img.manifest(), s.resolve(ref.withDigest(img.manifest())).orElseThrow().manifest());
            assertTrue(s.resolve(ImageReference.parse("freebsdxc/freebsd:14.0")).isEmpty());

            s.setDataset(img.layers().get(1).chainId(), "zroot/xc/images/app");
            assertEquals(Optional.of("zroot/xc/images/app"), s.dataset(img.layers().get(1).chainId()));
            assertEquals(1, s.refCount(d("blob-base")));
            assertEquals(img.blobs().stream().sorted().toList(), List.copyOf(s.referencedBlobs()));
        }
    }

    @Test
    void removeFreesOnlyWhatNoOtherImageUses() {
        try (ImageStore s = ImageStore.open(tmp.resolve("images.sqlite"))) {
            byte[][] a = image("base", "app");
            byte[][] b = image("base", "other");
            StoredImage ia = s.put(a[0], a[1]);
            StoredImage ib = s.put(b[0], b[1]);
            assertEquals(2, s.refCount(d("blob-base")));
            ImageReference ra = ImageReference.parse("example.org/a:1");
            s.tag(ra, ia.manifest());
            s.setDataset(ia.layers().get(1).chainId(), "pool/app");

            XcException busy = assertThrows(XcException.class, () -> s.remove(ia.manifest(), false));
            assertEquals(ErrorCode.RESOURCE_BUSY, busy.code());
            assertEquals("image " + ia.manifest().shortHex() + " is tagged as example.org/a:1", busy.getMessage());

            Removal r = s.remove(ia.manifest(), true);
            assertEquals(List.of(ia.manifest()), r.images());
            assertEquals(Set.of(ia.manifest(), ia.config(), d("blob-app")), Set.copyOf(r.blobs()));
            assertEquals(List.of(ia.layers().get(1).chainId()), r.chains());
            assertEquals(Map.of(ia.layers().get(1).chainId(), "pool/app"), r.datasets());
            assertEquals(1, s.refCount(d("blob-base")));
            assertTrue(s.resolve(ra).isEmpty());

            Removal g = s.gc();
            assertEquals(List.of(ib.manifest()), g.images());
            assertEquals(List.of(ib.layers().get(1).chainId(), ib.layers().get(0).chainId()), g.chains(),
                    "children before parents");
            assertEquals(0, s.refCount(d("blob-base")));
            assertTrue(s.images().isEmpty());
            assertTrue(s.referencedBlobs().isEmpty());
        }
    }

    @Test
    void untagThenGc() {
        try (ImageStore s = ImageStore.open(tmp.resolve("images.sqlite"))) {
            byte[][] a = image("one");
            StoredImage ia = s.put(a[0], a[1]);
            ImageReference ref = ImageReference.parse("alpine:3.20");
            s.tag(ref, ia.manifest());
            assertEquals(0, s.gc().images().size(), "tagged images survive gc");
            assertTrue(s.untag(ref));
            assertTrue(!s.untag(ref));
            assertEquals(List.of(ia.manifest()), s.gc().images());
        }
    }

    @Test
    void errors() {
        try (ImageStore s = ImageStore.open(tmp.resolve("images.sqlite"))) {
            XcException nf = assertThrows(XcException.class,
                    () -> s.tag(ImageReference.parse("a:b"), d("nothing")));
            assertEquals(ErrorCode.IMAGE_NOT_FOUND, nf.code());
            assertEquals("no image with manifest digest " + d("nothing"), nf.getMessage());
            byte[][] a = image("x");
            XcException mismatch = assertThrows(XcException.class, () -> s.put(a[0], image("y")[1]));
            assertEquals(ErrorCode.DIGEST_MISMATCH, mismatch.code());
        }
    }
}
