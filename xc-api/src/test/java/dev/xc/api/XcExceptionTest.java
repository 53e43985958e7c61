package dev.xc.api;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XcExceptionTest {

    @Test
    void everyCodeHasAUniqueStableIdThatDecodesBack() {
        Set<String> ids = new HashSet<>();
        for (ErrorCode c : ErrorCode.values()) {
            assertTrue(ids.add(c.id()), "duplicate id " + c.id());
            assertTrue(c.id().matches("[a-z]+(-[a-z0-9]+)*"), c.id());
            assertEquals(c, ErrorCode.fromId(c.id()));
        }
        assertEquals("invalid-reference", ErrorCode.INVALID_REFERENCE.id());
        assertEquals(ErrorCode.INTERNAL, ErrorCode.fromId("no-such-code"));
    }

    @Test
    void theFactoryPicksTheSubclassOfTheCategory() {
        assertInstanceOf(XcException.Invalid.class, XcException.of(ErrorCode.INVALID_SYNTAX, "m", "h"));
        assertInstanceOf(XcException.NotFound.class, XcException.of(ErrorCode.IMAGE_NOT_FOUND, "m", "h"));
        assertInstanceOf(XcException.Conflict.class, XcException.of(ErrorCode.ADDRESS_IN_USE, "m", "h"));
        assertInstanceOf(XcException.Precondition.class, XcException.of(ErrorCode.MISSING_ENV, "m", "h"));
        assertInstanceOf(XcException.Integrity.class, XcException.of(ErrorCode.DIGEST_MISMATCH, "m", "h"));
        assertInstanceOf(XcException.HostFailure.class, XcException.of(ErrorCode.COMMAND_FAILED, "m", "h"));
        assertInstanceOf(XcException.Remote.class, XcException.of(ErrorCode.REGISTRY_ERROR, "m", "h"));
        assertInstanceOf(XcException.Unsupported.class, XcException.of(ErrorCode.NOT_IMPLEMENTED, "m", "h"));
        for (ErrorCode c : ErrorCode.values()) {
            XcException e = XcException.of(c, "m", "h");
            String expected = switch (e) {
                case XcException.Invalid i -> "INVALID";
                case XcException.NotFound n -> "NOT_FOUND";
                case XcException.Conflict x -> "CONFLICT";
                case XcException.Precondition p -> "PRECONDITION";
                case XcException.Integrity i -> "INTEGRITY";
                case XcException.HostFailure h -> "HOST";
                case XcException.Remote r -> "REMOTE";
                case XcException.Unsupported u -> "UNSUPPORTED";
                default -> "?";
            };
            assertEquals(expected, c.category().name(), c.name());
        }
    }

    @Test
    void exitCodesAreDistinctPerCategoryAndNotZeroOrOne() {
        Set<Integer> codes = new HashSet<>();
        for (ErrorCode.Category cat : ErrorCode.Category.values()) {
            assertTrue(cat.exitCode() >= 2, cat.name());
            assertTrue(codes.add(cat.exitCode()), "duplicate exit code " + cat.exitCode());
        }
    }

    @Test
    void severalProblemsAreListedInOneMessage() {
        XcException e = XcException.ofProblems(ErrorCode.SANITY_CHECK_FAILED, "cannot run nginx:", List.of(
                Problem.of(ErrorCode.MISSING_ENV, "DB_PASSWORD is required: password of the database", "pass -e DB_PASSWORD=..."),
                Problem.of(ErrorCode.NETWORK_NOT_FOUND, "no such network: example", "")));
        String nl = System.lineSeparator();
        assertEquals("cannot run nginx:" + nl
                + "  - DB_PASSWORD is required: password of the database (pass -e DB_PASSWORD=...)" + nl
                + "  - no such network: example", e.getMessage());
        assertEquals(2, e.problems().size());
        assertEquals("fix each problem listed, then try again", e.hint());
        assertInstanceOf(XcException.Precondition.class, e);
    }

    @Test
    void aSingleProblemKeepsItsOwnHint() {
        XcException e = XcException.ofProblems(ErrorCode.INVALID_CONFIG, "bad config:",
                List.of(Problem.of(ErrorCode.INVALID_CONFIG, "unknown key 'x'", "remove it")));
        assertEquals("remove it", e.hint());
    }

    @Test
    void problemsNeedAMessageAndTheListCannotBeEmpty() {
        assertThrows(IllegalArgumentException.class, () -> Problem.of(ErrorCode.INTERNAL, " ", ""));
        assertThrows(IllegalArgumentException.class,
                () -> XcException.ofProblems(ErrorCode.INTERNAL, "x", List.of()));
    }
}
