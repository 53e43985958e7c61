package dev.xc.image.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of entry-name normalisation and whiteout resolution. */
class EntryPathPropertyTest {

    @Provide
    Arbitrary<String> component() {
        return Arbitraries.strings().withChars("abcz09._-~ ").ofMinLength(1).ofMaxLength(8)
                .filter(s -> !s.equals(".") && !s.equals(".."));
    }

    @Provide
    Arbitrary<List<String>> components() {
        return component().list().ofMaxSize(6);
    }

    /** A name built from clean components with noise that tar writers add: leading {@code /}, {@code ./}, {@code //}. */
    @Provide
    Arbitrary<String[]> noisyName() {
        return Combinators.combine(components(), Arbitraries.integers().between(0, 7).list().ofMaxSize(8),
                Arbitraries.of("", "/", "./", "//", "/./")).as((comps, noise, lead) -> {
                    StringBuilder sb = new StringBuilder(lead);
                    for (int i = 0; i < comps.size(); i++) {
                        if (i > 0) {
                            int k = i < noise.size() ? noise.get(i) : 0;
                            sb.append(k == 1 ? "//" : k == 2 ? "/./" : "/");
                        }
                        sb.append(comps.get(i));
                    }
                    if (!noise.isEmpty() && noise.getFirst() == 3) {
                        sb.append('/');
                    }
                    return new String[] {sb.toString(), String.join("/", comps)};
                });
    }

    @Property(tries = 1000)
    void normalisationDropsOnlyNoise(@ForAll("noisyName") String[] named) {
        assertEquals(named[1], EntryPath.normalize(named[0]));
    }

    @Property(tries = 1000)
    void normalisationIsIdempotentAndClean(@ForAll("noisyName") String[] named) {
        String once = EntryPath.normalize(named[0]);
        assertEquals(once, EntryPath.normalize(once));
        assertFalse(once.startsWith("/"));
        for (String c : EntryPath.components(once)) {
            assertFalse(c.isEmpty() || c.equals(".") || c.equals(".."), c);
        }
    }

    @Property(tries = 1000)
    void anyDotDotIsRefused(@ForAll("components") List<String> before, @ForAll("components") List<String> after,
                            @ForAll boolean leadingSlash) {
        List<String> all = new ArrayList<>(before);
        all.add("..");
        all.addAll(after);
        String name = (leadingSlash ? "/" : "") + String.join("/", all);
        XcException x = assertThrows(XcException.class, () -> EntryPath.components(name));
        assertEquals(ErrorCode.UNSAFE_LAYER, x.code());
        assertTrue(x.getMessage().contains("the name has a '..' component"), x.getMessage());
    }

    @Property(tries = 1000)
    void whiteoutRemovesTheSiblingInTheSameDirectory(@ForAll("components") List<String> dir,
                                                     @ForAll("component") String name) {
        List<String> comps = new ArrayList<>(dir);
        comps.add(Whiteout.PREFIX + name);
        Whiteout w = Whiteout.classify(comps, String.join("/", comps));
        if (name.startsWith(".wh.")) {
            // ".wh..wh.*" names are AUFS meta entries or the opaque marker
            assertTrue(w instanceof Whiteout.Meta || w instanceof Whiteout.Opaque, w.toString());
            return;
        }
        List<String> target = new ArrayList<>(dir);
        target.add(name);
        assertEquals(new Whiteout.Remove(target), w);
    }

    @Property(tries = 1000)
    void opaqueMarkerNamesItsDirectory(@ForAll("components") List<String> dir) {
        List<String> comps = new ArrayList<>(dir);
        comps.add(Whiteout.OPAQUE);
        assertEquals(new Whiteout.Opaque(dir), Whiteout.classify(comps, String.join("/", comps)));
    }

    @Property(tries = 1000)
    void ordinaryNamesAreNotWhiteouts(@ForAll("components") List<String> comps) {
        boolean wh = !comps.isEmpty() && comps.getLast().startsWith(".wh.");
        if (!wh) {
            assertInstanceOf(Whiteout.None.class, Whiteout.classify(comps, String.join("/", comps)));
        }
    }

    @Example
    void whiteoutNamingNothingIsRefused() {
        for (String bad : List.of(".wh.", ".wh..")) {
            XcException x = assertThrows(XcException.class, () -> Whiteout.classify(List.of("etc", bad), "etc/" + bad));
            assertEquals(ErrorCode.UNSAFE_LAYER, x.code());
            assertTrue(x.getMessage().contains("the whiteout names no sibling"), x.getMessage());
        }
    }

    @Example
    void documentedExamples() {
        assertEquals("etc/passwd", EntryPath.normalize("/etc/passwd"));
        assertEquals("etc/passwd", EntryPath.normalize("./etc//passwd"));
        assertEquals("", EntryPath.normalize("./"));
        assertEquals("usr/bin", EntryPath.normalize("usr/bin/"));
        XcException x = assertThrows(XcException.class, () -> EntryPath.components("a\0b"));
        assertTrue(x.getMessage().contains("'a\\x00b': the name contains a NUL character"), x.getMessage());
    }
}
