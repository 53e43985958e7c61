package dev.xc.registry.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One authentication challenge of a {@code WWW-Authenticate} header: a scheme ({@code Bearer}, {@code Basic}) and its
 * parameters ({@code realm}, {@code service}, {@code scope}, {@code error}). Parameter names are case-insensitive and
 * kept in lower case, in header order.
 *
 * <p>Syntax (RFC 9110 section 11.6.1): {@code scheme [param=value {, param=value}] {, challenge}}, where a value is a
 * token or a quoted string with {@code \} escapes, e.g.
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"}.
 */
public record Challenge(String scheme, Map<String, String> params) {

    public Challenge {
        Objects.requireNonNull(scheme, "scheme");
        if (!HeaderSyntax.isToken(scheme)) {
            throw new IllegalArgumentException("invalid auth scheme '" + scheme + "'");
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (!HeaderSyntax.isToken(k)) {
                throw new IllegalArgumentException("invalid parameter name '" + k + "'");
            }
            copy.put(k.toLowerCase(Locale.ROOT), Objects.requireNonNull(v, "value"));
        });
        params = Collections.unmodifiableMap(copy);
    }

    /** Whether the scheme is {@code name}, ignoring case. */
    public boolean is(String name) {
        return scheme.equalsIgnoreCase(name);
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Parses a whole {@code WWW-Authenticate} value into its challenges, in order. */
    public static List<Challenge> parseAll(String header) {
        HeaderSyntax in = new HeaderSyntax("WWW-Authenticate", header);
        List<Challenge> out = new ArrayList<>();
        while (true) {
            skipSeparators(in);
            if (in.atEnd()) {
                break;
            }
            String scheme = in.token();
            if (scheme.isEmpty()) {
                throw in.malformed("expected an auth scheme");
            }
            LinkedHashMap<String, String> params = new LinkedHashMap<>();
            boolean more = true;
            if (!in.atEnd() && !in.peekIs(',') && !in.peekIs(' ') && !in.peekIs('\t')) {
                throw in.malformed("unexpected character after scheme '" + scheme + "'");
            }
            in.skipWhitespace();
            while (more && !in.atEnd()) {
                int mark = in.pos();
                if (in.peekIs(',')) {
                    skipSeparators(in);
                    mark = in.pos();
                    if (in.atEnd()) {
                        break;
                    }
                }
                String name = in.token();
                in.skipWhitespace();
                if (name.isEmpty()) {
                    throw in.malformed("expected a parameter name");
                }
                if (!in.peekIs('=')) {
                    // not a parameter: the scheme of the next challenge
                    in.reset(mark);
                    more = false;
                    break;
                }
                in.expect('=');
                in.skipWhitespace();
                String value = in.value();
                String key = name.toLowerCase(Locale.ROOT);
                if (params.containsKey(key)) {
                    throw in.malformed("parameter '" + key + "' given twice");
                }
                params.put(key, value);
                in.skipWhitespace();
                if (!in.atEnd() && !in.peekIs(',')) {
                    throw in.malformed("expected ',' after parameter '" + key + "'");
                }
            }
            out.add(new Challenge(scheme, params));
        }
        if (out.isEmpty()) {
            throw in.malformed("no challenge");
        }
        return List.copyOf(out);
    }

    private static void skipSeparators(HeaderSyntax in) {
        while (true) {
            in.skipWhitespace();
            if (in.peekIs(',')) {
                in.expect(',');
            } else {
                return;
            }
        }
    }

    /** The canonical header text; {@link #parseAll} reads it back equal. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(scheme);
        String sep = " ";
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(HeaderSyntax.render(e.getValue()));
            sep = ",";
        }
        return sb.toString();
    }

    /** Renders several challenges as one header value. */
    public static String render(List<Challenge> challenges) {
        return String.join(", ", challenges.stream().map(Challenge::toString).toList());
    }
}
