package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Locale;

/** Transport protocols a port can be published or exposed for. */
public enum Protocol {
    TCP, UDP;

    /** {@code tcp} or {@code udp}, as pf and the {@code -p} syntax write it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code tcp} or {@code udp} (any case). */
    public static Protocol parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "tcp" -> TCP;
            case "udp" -> UDP;
            default -> throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                    "unknown protocol '" + text + "'", "use tcp or udp");
        };
    }
}
