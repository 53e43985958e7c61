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
        return image(false, platform, seed, layerSizes);
    }

    /** Like {@link #image(Platform, long, int...)}, with layers that are real gzip streams (tools check). */
    static Image gzipImage(Platform platform, long seed, int... layerSizes) {
        return image(true, platform, seed, layerSizes);
    }

    static byte[] gzip(byte[] data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Image image(boolean gzip, Platform platform, long seed, int... layerSizes) {
        List<BlobSource> layers = new ArrayList<>();
        for (int i = 0; i < layerSizes.length; i++) {
            byte[] data = random(seed * 31 + i, layerSizes[i]);
            layers.add(BlobSource.of(MediaTypes.OCI_LAYER_GZIP, gzip ? gzip(data) : data));
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
