package dev.xc.api.net;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on XcException shared by the tests. */
public final class Assertions2 {

    private Assertions2() {
    }

    /** Asserts that {@code body} throws an XcException with {@code code} whose message contains each fragment. */
    public static XcException assertRejected(ErrorCode code, Executable body, String... fragments) {
        XcException e = assertThrows(XcException.class, body);
        assertEquals(code, e.code(), () -> "code of: " + e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        assertTrue(!e.hint().isBlank(), "hint is blank");
        return e;
    }
}
