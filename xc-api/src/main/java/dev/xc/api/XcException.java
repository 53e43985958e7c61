package dev.xc.api;

import java.util.List;
import java.util.Objects;

/**
 * The one exception type of the xc API. Every failure carries a stable {@link ErrorCode}, a message that names the
 * problem and the object it concerns, and a hint that names the fix. When several things are wrong at once (the
 * checks before a run), {@link #problems()} lists each of them.
 *
 * <p>Subclasses exist per {@link ErrorCode.Category} so that callers can catch a class of failure; the hierarchy is
 * sealed so a {@code switch} over it is exhaustive. Messages never contain credentials.
 */
public sealed class XcException extends RuntimeException
        permits XcException.Invalid, XcException.NotFound, XcException.Conflict, XcException.Precondition,
                XcException.Integrity, XcException.HostFailure, XcException.Remote, XcException.Unsupported {

    private final ErrorCode code;
    private final String hint;
    private final List<Problem> problems;

    XcException(ErrorCode code, String message, String hint, List<Problem> problems, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.hint = Objects.requireNonNull(hint, "hint");
        this.problems = List.copyOf(problems);
    }

    /** Builds the exception of the right subclass for {@code code}. */
    public static XcException of(ErrorCode code, String message, String hint) {
        return of(code, message, hint, List.of(), null);
    }

    /** Builds the exception of the right subclass for {@code code}, keeping {@code cause}. */
    public static XcException of(ErrorCode code, String message, String hint, Throwable cause) {
        return of(code, message, hint, List.of(), cause);
    }

    /** Several problems at once; the message summarises them and {@link #problems()} lists each. */
    public static XcException ofProblems(ErrorCode code, String summary, List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("ofProblems needs at least one problem");
        }
        StringBuilder sb = new StringBuilder(summary);
        for (Problem p : problems) {
            sb.append(System.lineSeparator()).append("  - ").append(p);
        }
        String hint = problems.size() == 1 ? problems.getFirst().hint() : "fix each problem listed, then try again";
        return of(code, sb.toString(), hint, problems, null);
    }

    public static XcException of(ErrorCode code, String message, String hint, List<Problem> problems,
                                 Throwable cause) {
        return switch (code.category()) {
            case INVALID -> new Invalid(code, message, hint, problems, cause);
            case NOT_FOUND -> new NotFound(code, message, hint, problems, cause);
            case CONFLICT -> new Conflict(code, message, hint, problems, cause);
            case PRECONDITION -> new Precondition(code, message, hint, problems, cause);
            case INTEGRITY -> new Integrity(code, message, hint, problems, cause);
            case HOST -> new HostFailure(code, message, hint, problems, cause);
            case REMOTE -> new Remote(code, message, hint, problems, cause);
            case UNSUPPORTED -> new Unsupported(code, message, hint, problems, cause);
        };
    }

    /** Shorthand for an {@link ErrorCode#INVALID_ARGUMENT} or other input error. */
    public static Invalid invalid(ErrorCode code, String message, String hint) {
        return (Invalid) of(code, message, hint);
    }

    public ErrorCode code() {
        return code;
    }

    /** How to fix it; empty when the message says everything. */
    public String hint() {
        return hint;
    }

    /** Each problem when several were found at once; otherwise empty. */
    public List<Problem> problems() {
        return problems;
    }

    /** The request is malformed; nothing was changed. */
    public static final class Invalid extends XcException {
        Invalid(ErrorCode c, String m, String h, List<Problem> p, Throwable t) {
            super(c, m, h, p, t);
        }
    }

    /** A named object does not exist. */
    public static final class NotFound extends XcException {
        NotFound(ErrorCode c, String m, String h, List<Problem> p, Throwable t) {
            super(c, m, h, p, t);
        }
    }

    /** The request collides with existing state (a name, an address, a port, a busy resource). */
    public static final class Conflict extends XcException {
        Conflict(ErrorCode c, String m, String h, List<Problem> p, Throwable t) {
            super(c, m, h, p, t);
        }
    }

    /** Checks before a run failed; {@link #problems()} lists each. Nothing was changed on the host. */
    public static final class Precondition extends XcException {
        Precondition(ErrorCode c, String m, String h, List<Problem> p, Throwable t) {
            super(c, m, h, p, t);
        }
    }

    /** Content did not match its digest or was unsafe; it was discarded. */
    public static final class Integrity extends XcException {
        Integrity(ErrorCode c, String m, String h, List<Problem> p, Throwable t) {
            super(c, m, h, p, t);
        }
    }

    /** The host failed: a command, a system call, or a missing feature. */
    public static final class HostFailure extends XcException {
        HostFailure(ErrorCode c, String m, String h, List<Problem> p, Throwable t) {
            super(c, m, h, p, t);
        }
    }

    /** A remote party failed: a registry or the daemon. */
    public static final class Remote extends XcException {
        Remote(ErrorCode c, String m, String h, List<Problem> p, Throwable t) {
            super(c, m, h, p, t);
        }
    }

    /** The chosen backend does not provide this operation. */
    public static final class Unsupported extends XcException {
        Unsupported(ErrorCode c, String m, String h, List<Problem> p, Throwable t) {
            super(c, m, h, p, t);
        }
    }
}
