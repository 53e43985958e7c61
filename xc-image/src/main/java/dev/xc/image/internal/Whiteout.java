package dev.xc.image.internal;

import java.util.List;

/**
 * What an entry means for OCI whiteouts: a plain entry, the removal of a sibling ({@code .wh.NAME}), an opaque marker
 * ({@code .wh..wh..opq}: hide everything lower layers put in the directory) or another AUFS meta entry
 * ({@code .wh..wh.*}), which is ignored.
 */
public sealed interface Whiteout {

    String PREFIX = ".wh.";
    String META_PREFIX = ".wh..wh.";
    String OPAQUE = ".wh..wh..opq";

    /** Not a whiteout. */
    record None() implements Whiteout {
    }

    /** Remove {@code target} (components relative to the root) as lower layers left it. */
    record Remove(List<String> target) implements Whiteout {
        public Remove {
            target = List.copyOf(target);
        }
    }

    /** Remove what lower layers put inside {@code dir}, keeping the directory. */
    record Opaque(List<String> dir) implements Whiteout {
        public Opaque {
            dir = List.copyOf(dir);
        }
    }

    /** An AUFS bookkeeping entry such as {@code .wh..wh.plnk}; nothing to do. */
    record Meta() implements Whiteout {
    }

    /**
     * Classifies normalised components. {@code entry} is the raw name, for errors: {@code .wh.} alone, {@code .wh..}
     * and {@code .wh..} forms that name the directory itself are refused.
     */
    static Whiteout classify(List<String> comps, String entry) {
        if (comps.isEmpty()) {
            return new None();
        }
        String base = comps.getLast();
        if (!base.startsWith(PREFIX)) {
            return new None();
        }
        List<String> parent = comps.subList(0, comps.size() - 1);
        if (base.equals(OPAQUE)) {
            return new Opaque(parent);
        }
        if (base.startsWith(META_PREFIX)) {
            return new Meta();
        }
        String name = base.substring(PREFIX.length());
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw EntryPath.unsafe(entry, "the whiteout names no sibling ('" + name + "')");
        }
        List<String> target = new java.util.ArrayList<>(parent);
        target.add(name);
        return new Remove(target);
    }
}
