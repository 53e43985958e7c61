package dev.xc.api.spi;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

/** The error a backend raises for an operation it models but does not perform yet. */
public final class NotImplemented {

    private NotImplemented() {
    }

    /** {@code NOT_IMPLEMENTED}: "the {backend} backend cannot {operation} yet". */
    public static XcException of(String backend, String operation) {
        return XcException.of(ErrorCode.NOT_IMPLEMENTED,
                "the " + backend + " backend cannot " + operation + " yet",
                "choose another backend for this kind in xc.conf, or use a newer xc");
    }
}
