package dev.xc.devfs.internal;

/**
 * fnmatch(3) with {@code FNM_PATHNAME} and nothing else, as the devfs kernel code calls it on a rule's pattern and a
 * node's name: {@code *} and {@code ?} never match {@code /}, a bracket expression ({@code [a-z]}, {@code [!0-9]},
 * {@code [^x]}) never matches {@code /}, a leading dot is not special, a {@code \} quotes the next character, and a
 * {@code [} without its {@code ]} (or holding a {@code /}) is an ordinary character. Stateless.
 */
public final class Fnmatch {

    private Fnmatch() {
    }

    /** Whether {@code name} matches {@code pattern}. */
    public static boolean matches(String pattern, String name) {
        return match(pattern, 0, name, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (true) {
            if (pi == p.length()) {
                return si == s.length();
            }
            char c = p.charAt(pi++);
            switch (c) {
                case '?' -> {
                    if (si == s.length() || s.charAt(si) == '/') {
                        return false;
                    }
                    si++;
                }
                case '*' -> {
                    while (pi < p.length() && p.charAt(pi) == '*') {
                        pi++;
                    }
                    if (pi == p.length()) {
                        return s.indexOf('/', si) < 0;
                    }
                    if (p.charAt(pi) == '/') {
                        int slash = s.indexOf('/', si);
                        if (slash < 0) {
                            return false;
                        }
                        si = slash;
                        continue;
                    }
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi, s, k)) {
                            return true;
                        }
                        if (k < s.length() && s.charAt(k) == '/') {
                            return false;
                        }
                    }
                    return false;
                }
                case '[' -> {
                    if (si == s.length()) {
                        return false;
                    }
                    int end = bracketEnd(p, pi);
                    if (end < 0) {
                        if (s.charAt(si) != '[') {
                            return false;
                        }
                        si++;
                    } else {
                        char t = s.charAt(si);
                        if (t == '/' || !inBracket(p, pi, end, t)) {
                            return false;
                        }
                        si++;
                        pi = end + 1;
                    }
                }
                case '\\' -> {
                    char lit = pi < p.length() ? p.charAt(pi++) : '\\';
                    if (si == s.length() || s.charAt(si) != lit) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (si == s.length() || s.charAt(si) != c) {
                        return false;
                    }
                    si++;
                }
            }
        }
    }

    /** Index of the {@code ]} closing the bracket opened before {@code start}, or -1 (then {@code [} is literal). */
    private static int bracketEnd(String p, int start) {
        int i = start;
        if (i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++;
        }
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == ']') {
                return i;
            }
            if (c == '/') {
                return -1;
            }
            if (c == '\\' && i + 1 < p.length()) {
                i++;
            }
            i++;
        }
        return -1;
    }

    private static boolean inBracket(String p, int start, int end, char t) {
        int i = start;
        boolean negate = false;
        if (p.charAt(i) == '!' || p.charAt(i) == '^') {
            negate = true;
            i++;
        }
        boolean found = false;
        boolean first = true;
        while (i < end) {
            char c = p.charAt(i);
            if (c == ']' && !first) {
                break;
            }
            first = false;
            if (c == '\\' && i + 1 < end) {
                c = p.charAt(++i);
            }
            if (i + 2 < end && p.charAt(i + 1) == '-') {
                char hi = p.charAt(i + 2);
                if (hi == '\\' && i + 3 < end) {
                    hi = p.charAt(i + 3);
                    i++;
                }
                if (c <= t && t <= hi) {
                    found = true;
                }
                i += 3;
            } else {
                if (c == t) {
                    found = true;
                }
                i++;
            }
        }
        return found != negate;
    }
}
