package dev.xc.api.container;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A raw jail parameter, as {@code xc run -o} takes it: {@code KEY=VALUE}, e.g. {@code allow.raw_sockets=1},
 * {@code securelevel=3}, {@code host.domainname=example.org}.
 *
 * <p>The key follows jail(8) parameter names, {@code [a-z][a-z0-9_.]*}; the value is everything after the first
 * {@code =} (may be empty, no NUL). A key without {@code =} is refused (the original xc silently dropped it). Some
 * parameters belong to the engine ({@link #isReserved()}: {@code path}, {@code name}, {@code jid}, {@code persist},
 * {@code vnet}, the address lists, the devfs ruleset, read-only ones); the request carries them so that the engine
 * can refuse them with {@link #reservedHint()}, which names the flag to use instead.
 *
 * @param key the parameter name
 * @param value its value as text
 */
public record JailParam(String key, String value) {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_.]*");

    private static final Map<String, String> RESERVED = Map.ofEntries(
            Map.entry("path", "the engine sets the root path of the container"),
            Map.entry("name", "use --name"),
            Map.entry("jid", "the kernel assigns jail ids"),
            Map.entry("persist", "use --persist"),
            Map.entry("nopersist", "use --persist"),
            Map.entry("vnet", "use --vnet"),
            Map.entry("novnet", "use --vnet"),
            Map.entry("host.hostname", "use --hostname"),
            Map.entry("ip4", "use --network or --ip"),
            Map.entry("ip4.addr", "use --network or --ip"),
            Map.entry("ip6", "use --network or --ip"),
            Map.entry("ip6.addr", "use --network or --ip"),
            Map.entry("devfs_ruleset",
                    "the engine builds the devfs ruleset; use --usdt, --enable-pf or image DEVICE rules"),
            Map.entry("children.max", "use --max.children"),
            Map.entry("parent", "read-only parameter"),
            Map.entry("dying", "read-only parameter"),
            Map.entry("children.cur", "read-only parameter"),
            Map.entry("cpuset.id", "read-only parameter"));

    public JailParam {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (!KEY.matcher(key).matches()) {
            throw XcException.invalid(ErrorCode.INVALID_NAME, "invalid jail parameter name '" + key
                    + "': use lower-case letters, digits, '_' and '.', starting with a letter",
                    "write e.g. allow.raw_sockets=1");
        }
        if (Syntax.hasNul(value)) {
            throw XcException.invalid(ErrorCode.INVALID_ARGUMENT, "invalid value of jail parameter " + key
                    + ": it contains a NUL character", "remove the NUL character");
        }
    }

    /** Parses {@code KEY=VALUE}. */
    public static JailParam parse(String text) {
        Objects.requireNonNull(text, "text");
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid jail parameter '" + text
                    + "': a value is needed (KEY=VALUE)", "write " + text + "=1 for a boolean parameter");
        }
        String key = text.substring(0, eq);
        if (!KEY.matcher(key).matches()) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid jail parameter '" + text + "': '" + key
                            + "' is not a parameter name (lower-case letters, digits, '_' and '.', starting with a "
                            + "letter)",
                    "write KEY=VALUE, e.g. allow.raw_sockets=1");
        }
        return new JailParam(key, text.substring(eq + 1));
    }

    /** Whether the engine refuses to let users set this parameter. */
    public boolean isReserved() {
        return RESERVED.containsKey(key);
    }

    /** For a reserved parameter, what to do instead. */
    public Optional<String> reservedHint() {
        return Optional.ofNullable(RESERVED.get(key));
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
