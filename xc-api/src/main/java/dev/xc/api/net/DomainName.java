package dev.xc.api.net;

import java.util.regex.Pattern;

/**
 * Syntax of host and domain names (RFC 1123): labels of letters, digits and inner hyphens, 1-63 characters each,
 * joined by dots, at most {@value #MAX_LENGTH} characters in all. A trailing dot is not accepted. Used for
 * {@code --hostname} and {@code --dns-search}. Stateless and thread-safe.
 */
public final class DomainName {

    /** Longest accepted name. */
    public static final int MAX_LENGTH = 253;

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private DomainName() {
    }

    /** Whether {@code name} is a valid host or domain name. */
    public static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
