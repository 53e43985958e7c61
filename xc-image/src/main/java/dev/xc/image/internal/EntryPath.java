package dev.xc.image.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.ArrayList;
import java.util.List;

/**
 * Normalisation of tar entry names. OCI says layer paths are relative; a leading {@code /} (as some tools write) is
 * read as relative to the root, the way {@code tar} strips it. {@code .} and empty components are dropped. A
 * {@code ..} component is refused outright, even when it would stay inside the root, because no honest layer needs
 * one and the only other safe reading of it depends on symlinks met on the way. NUL characters are refused.
 */
public final class EntryPath {

    private EntryPath() {
    }

    /** The components of {@code name} relative to the root; empty for the root itself. */
    public static List<String> components(String name) {
        if (name.indexOf('\0') >= 0) {
            throw unsafe(name, "the name contains a NUL character");
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = name.length();
        while (start <= n) {
            int slash = name.indexOf('/', start);
            int end = slash < 0 ? n : slash;
            String c = name.substring(start, end);
            if (c.equals("..")) {
                throw unsafe(name, "the name has a '..' component");
            }
            if (!c.isEmpty() && !c.equals(".")) {
                out.add(c);
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return out;
    }

    /** The canonical relative form: components joined by {@code /}, {@code ""} for the root. */
    public static String normalize(String name) {
        return join(components(name));
    }

    /** Joins components with {@code /}. */
    public static String join(List<String> comps) {
        return String.join("/", comps);
    }

    /** The error for an entry that would escape or damage the root. */
    public static XcException unsafe(String entry, String reason) {
        return XcException.of(ErrorCode.UNSAFE_LAYER, "unsafe layer entry '" + printable(entry) + "': " + reason,
                "the layer is corrupt or hostile and was not applied; rebuild it or pull the image from a source "
                        + "you trust");
    }

    /** {@code s} with control characters escaped, so a hostile name cannot forge terminal output. */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 300));
        for (int i = 0; i < s.length() && sb.length() < 256; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= 256) {
            sb.append("...");
        }
        return sb.toString();
    }
}
