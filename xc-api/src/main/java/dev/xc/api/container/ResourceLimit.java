package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * One rctl(8) limit on a container: {@code RESOURCE[:ACTION]=AMOUNT}, as {@code xc run --limit} takes it.
 *
 * <p>Examples: {@code memoryuse=512M} (deny above 512 MiB), {@code pcpu=50} (half a CPU),
 * {@code maxproc:deny=100}, {@code cputime:sigkill=3600}, {@code readbps=10M} (throttle). Without an action the
 * resource's {@linkplain RctlResource#defaultAction() default} applies: {@code deny}, or {@code throttle} for the I/O
 * resources; {@code cputime} and {@code wallclock} need one. The amount is a non-negative whole number; byte resources
 * (and bytes per second) take the binary suffixes {@code K M G T P E} in either case ({@code 512M} = 536870912),
 * others take none. The action must be one the kernel accepts for the resource ({@link RctlResource#accepts}).
 * {@link #toString()} writes the canonical text, always with the action and with the largest exact suffix:
 * {@code memoryuse:deny=512M}. {@link #rule} renders the rctl rule for a jail.
 *
 * @param resource what is limited
 * @param amount the limit in the resource's unit (bytes, count, seconds, percent, per second)
 * @param action what happens when it is reached
 */
public record ResourceLimit(RctlResource resource, long amount, RctlAction action) {

    private static final String SUFFIXES = "KMGTPE";
    private static final String SYNTAX = "write RESOURCE[:ACTION]=AMOUNT, e.g. memoryuse=512M, pcpu=50 or "
            + "maxproc:deny=100";

    public ResourceLimit {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(action, "action");
        if (amount < 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid limit on " + resource.id() + ": amount "
                    + amount + " is negative", SYNTAX);
        }
        if (amount > resource.maxAmount()) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid limit on " + resource.id() + ": amount "
                    + amount + " is above the kernel's maximum " + resource.maxAmount(), "use a smaller amount");
        }
        if (!resource.accepts(action)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid limit on " + resource.id() + ": rctl "
                    + "does not accept the action " + action.id() + " for it", hintFor(resource));
        }
    }

    /** A limit with the resource's default action. */
    public static ResourceLimit of(RctlResource resource, long amount) {
        RctlAction a = resource.defaultAction().orElseThrow(() -> XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                "a limit on " + resource.id() + " needs an explicit action", hintFor(resource)));
        return new ResourceLimit(resource, amount, a);
    }

    /** {@code --memory}: deny memory use above {@code bytes}. */
    public static ResourceLimit memory(long bytes) {
        return new ResourceLimit(RctlResource.MEMORYUSE, bytes, RctlAction.DENY);
    }

    /** {@code --memory 512M}: the amount with an optional size suffix. */
    public static ResourceLimit memory(String amount) {
        return memory(parseBytes(amount));
    }

    /** {@code --cpus 1.5}: deny CPU use above this many CPUs (150 percent); whole percents only. */
    public static ResourceLimit cpus(String cpus) {
        Objects.requireNonNull(cpus, "cpus");
        BigDecimal pct;
        try {
            pct = new BigDecimal(cpus).movePointRight(2);
        } catch (NumberFormatException e) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid --cpus '" + cpus + "': not a number",
                    "write a number of CPUs, e.g. 0.5 or 2");
        }
        if (pct.signum() <= 0 || pct.stripTrailingZeros().scale() > 0 || pct.compareTo(BigDecimal.valueOf(
                RctlResource.MAX_SCALED_AMOUNT)) > 0) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid --cpus '" + cpus + "': it must be "
                    + "positive, in hundredths of a CPU (rctl limits whole percents)", "write e.g. 0.5, 1.25 or 2");
        }
        return cpuPercent(pct.longValueExact());
    }

    /** Deny CPU use above {@code percent} percent of one CPU. */
    public static ResourceLimit cpuPercent(long percent) {
        return new ResourceLimit(RctlResource.PCPU, percent, RctlAction.DENY);
    }

    /** {@code --pids-limit}: at most {@code n} processes. */
    public static ResourceLimit pids(long n) {
        return new ResourceLimit(RctlResource.MAXPROC, n, RctlAction.DENY);
    }

    /** At most {@code n} open files. */
    public static ResourceLimit openFiles(long n) {
        return new ResourceLimit(RctlResource.OPENFILES, n, RctlAction.DENY);
    }

    /** Parses the syntax described on the class. */
    public static ResourceLimit parse(String text) {
        Objects.requireNonNull(text, "text");
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw bad(text, "no '=' before the amount");
        }
        String left = text.substring(0, eq);
        String amountText = text.substring(eq + 1);
        int colon = left.indexOf(':');
        String resText = colon < 0 ? left : left.substring(0, colon);
        RctlResource res;
        try {
            res = RctlResource.parse(resText);
        } catch (XcException e) {
            throw bad(text, "unknown resource '" + resText + "' (see rctl(8) for the list)");
        }
        RctlAction action;
        if (colon >= 0) {
            String actText = left.substring(colon + 1);
            try {
                action = RctlAction.parse(actText);
            } catch (XcException e) {
                throw bad(text, "unknown action '" + actText + "' (deny, log, devctl, throttle or a signal)");
            }
            if (!res.accepts(action)) {
                throw bad(text, "rctl does not accept the action " + action.id() + " for " + res.id());
            }
        } else {
            action = res.defaultAction().orElseThrow(() -> bad(text, res.id() + " has no default action; name one, "
                    + "e.g. " + res.id() + ":sigkill=" + amountText));
        }
        long amount = parseAmount(text, amountText, res);
        if (amount > res.maxAmount()) {
            throw bad(text, "amount " + amountText + " is above the kernel's maximum " + res.maxAmount());
        }
        return new ResourceLimit(res, amount, action);
    }

    /**
     * Parses a byte amount with an optional binary suffix: {@code 1048576}, {@code 1024K}, {@code 1m}, {@code 2G}.
     *
     * @throws XcException {@link ErrorCode#INVALID_SYNTAX} naming the text
     */
    public static long parseBytes(String text) {
        return parseAmount(text, text, RctlResource.MEMORYUSE);
    }

    /**
     * The rctl rule for jail {@code jailName}: {@code jail:NAME:RESOURCE:ACTION=AMOUNT}, amount in plain units (the
     * rctl system call takes no suffixes), e.g. {@code jail:web1:memoryuse:deny=536870912}.
     */
    public String rule(String jailName) {
        Objects.requireNonNull(jailName, "jailName");
        if (jailName.isEmpty() || jailName.chars().anyMatch(c -> c == ':' || c == '/' || c <= ' ' || c == 127)) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "jail name '" + jailName + "' cannot be used in an "
                    + "rctl rule: it is empty or contains ':', '/', a space or a control character",
                    "name the jail with letters, digits, '_' and '-'");
        }
        return "jail:" + jailName + ":" + resource.id() + ":" + action.id() + "=" + amount;
    }

    @Override
    public String toString() {
        return resource.id() + ":" + action.id() + "=" + formatAmount();
    }

    private String formatAmount() {
        if (!resource.unit().isBytes() || amount == 0) {
            return Long.toString(amount);
        }
        long v = amount;
        int idx = -1;
        while (idx < SUFFIXES.length() - 1 && v % 1024 == 0) {
            v /= 1024;
            idx++;
        }
        return idx < 0 ? Long.toString(v) : v + String.valueOf(SUFFIXES.charAt(idx));
    }

    private static long parseAmount(String text, String a, RctlResource res) {
        if (a.isEmpty()) {
            throw bad(text, "the amount is empty");
        }
        char last = a.charAt(a.length() - 1);
        int suffix = SUFFIXES.indexOf(Character.toUpperCase(last));
        String digits = suffix >= 0 ? a.substring(0, a.length() - 1) : a;
        if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(text, "amount '" + a + "' is not a whole number"
                    + (res.unit().isBytes() ? " with an optional K, M, G, T, P or E suffix" : ""));
        }
        if (suffix >= 0 && !res.unit().isBytes()) {
            throw bad(text, "size suffix '" + last + "' applies to byte resources only; " + res.id() + " counts "
                    + res.unit().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        try {
            long v = Long.parseLong(digits);
            for (int i = 0; i <= suffix; i++) {
                v = Math.multiplyExact(v, 1024L);
            }
            return v;
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(text, "amount '" + a + "' is too large");
        }
    }

    private static String hintFor(RctlResource r) {
        StringBuilder sb = new StringBuilder("use ");
        if (r.isDeniable()) {
            sb.append("deny, ");
        }
        if (r.isThrottleable()) {
            sb.append("throttle, ");
        }
        return sb.append("log, devctl or a signal such as sigterm").toString();
    }

    private static XcException bad(String text, String why) {
        return XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid resource limit '" + text + "': " + why, SYNTAX);
    }
}
