package dev.xc.registry;

import dev.xc.api.image.Platform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds small images for tests: random layers, a config, a manifest per platform and an index. */
final class TestImages {

    /** One platform's image: its blobs (config first) and manifest. */
    record Image(Platform platform, BlobSource config, List<BlobSource> layers, Manifest manifest) {
        List<BlobSource> blobs() {
            List<BlobSource> all = new ArrayList<>(layers);
            all.add(config);
            return all;
        }
    }

    private TestImages() {
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Image image(Platform platform, long seed, int... layerSizes) {
        List<BlobSource> layers = new ArrayList<>();
        for (int i = 0; i < layerSizes.length; i++) {
            layers.add(BlobSource.of(MediaTypes.OCI_LAYER_GZIP, random(seed * 31 + i, layerSizes[i])));
        }
        // xc writes "FreeBSD"; the registry does not care, the client must
        String os = platform.isFreeBsd() ? "FreeBSD" : platform.os();
        String config = "{\"architecture\":\"" + platform.architecture() + "\",\"os\":\"" + os
                + "\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"seed\":" + seed + "}";
        BlobSource cfg = BlobSource.of(MediaTypes.OCI_CONFIG, config.getBytes(StandardCharsets.UTF_8));
        Manifest m = Manifest.image(MediaTypes.OCI_MANIFEST, cfg.descriptor(),
                layers.stream().map(BlobSource::descriptor).toList());
        return new Image(platform, cfg, layers, m);
    }

    static Manifest index(Image... images) {
        List<Descriptor> entries = new ArrayList<>();
        for (Image i : images) {
            entries.add(i.manifest().descriptor().withPlatform(i.platform()));
        }
        return Manifest.index(MediaTypes.OCI_INDEX, entries);
    }
}
