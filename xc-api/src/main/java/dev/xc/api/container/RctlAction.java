package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Locale;

/**
 * What rctl(8) does when a limit is reached: {@code deny} the allocation, {@code log} to the console, send a
 * {@code devctl} notification, {@code throttle} I/O, or send a signal to the offending process ({@code sigterm},
 * {@code sigkill}, ...: the signal names the kernel's rctl accepts). {@link RctlResource#accepts} says which
 * actions a resource takes.
 */
public enum RctlAction {
    DENY, LOG, DEVCTL, THROTTLE,
    SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGEMT, SIGFPE, SIGKILL, SIGBUS, SIGSEGV, SIGSYS, SIGPIPE,
    SIGALRM, SIGTERM, SIGURG, SIGSTOP, SIGTSTP, SIGCONT, SIGCHLD, SIGTTIN, SIGTTOU, SIGIO, SIGXCPU, SIGXFSZ,
    SIGVTALRM, SIGPROF, SIGWINCH, SIGINFO, SIGUSR1, SIGUSR2, SIGTHR;

    /** The rctl spelling, e.g. {@code deny}, {@code sigterm}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this action sends a signal. */
    public boolean isSignal() {
        return name().startsWith("SIG");
    }

    /** Parses an rctl action name (lower case). */
    public static RctlAction parse(String text) {
        for (RctlAction a : values()) {
            if (a.id().equals(text)) {
                return a;
            }
        }
        throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "unknown rctl action '" + text + "'",
                "use deny, log, devctl, throttle or a signal such as sigterm");
    }
}
