package dev.xc.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import dev.xc.testkit.image.CopyingLayerWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleAndChainTest {

    @TempDir
    Path tmp;

    @Test
    void moduleExportsOnlyItsApi() {
        ModuleDescriptor d = LayerUnpacker.class.getModule().getDescriptor();
        assertEquals("dev.xc.image", d.name());
        assertEquals(Set.of("dev.xc.image"), d.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet()));
        assertTrue(d.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
        assertTrue(d.opens().isEmpty());
    }

    private static LayerSource src(byte[] tar) {
        return new LayerSource(() -> new ByteArrayInputStream(tar), "", Optional.empty(), Optional.empty());
    }

    @Test
    void chainCommitsEachLayerAndStopsAtTheFirstBadOne() {
        Path target = tmp.resolve("root");
        List<byte[]> layers = List.of(new Tars().file("a", "1").gzip(), new Tars().file("b", "2").zstd(),
                new Tars().file("../c", "3").tar(), new Tars().file("d", "4").tar());
        int[] begun = {0};
        XcException x = assertThrows(XcException.class, () -> new LayerUnpacker(UnpackOptions.defaults())
                .unpackChain(layers.stream().map(ModuleAndChainTest::src).toList(), i -> {
                    begun[0]++;
                    return new CopyingLayerWriter(target, tmp.resolve("stage" + i));
                }));
        assertEquals(ErrorCode.UNSAFE_LAYER, x.code());
        assertEquals(3, begun[0], "the fourth layer is never begun");
        assertTrue(Files.exists(target.resolve("a")) && Files.exists(target.resolve("b")));
        assertFalse(Files.exists(tmp.resolve("stage2")), "the failed layer was discarded");
    }

    @Test
    void chainReturnsDigestsOfEveryLayer() {
        Path target = tmp.resolve("root");
        byte[] l1 = new Tars().dir("etc").file("etc/x", "1").tar();
        byte[] l2 = new Tars().whiteout("etc/.wh.x").tar();
        List<UnpackResult> r = new LayerUnpacker(UnpackOptions.defaults()).unpackChain(List.of(src(l1), src(l2)),
                i -> new CopyingLayerWriter(target, tmp.resolve("s" + i)));
        assertEquals(2, r.size());
        assertEquals(dev.xc.api.image.Digest.sha256(l2), r.get(1).diffId());
        assertTrue(Files.isDirectory(target.resolve("etc")));
        assertFalse(Files.exists(target.resolve("etc/x")));
    }
}
