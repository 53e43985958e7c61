package dev.xc.registry.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One link of an RFC 8288 {@code Link} header, as registries send for paginated tag lists:
 * {@code </v2/alpine/tags/list?last=3.19&n=100>; rel="next"}. Several links are separated by commas; parameter names
 * are case-insensitive and kept in lower case.
 */
public record LinkHeader(String target, Map<String, String> params) {

    public LinkHeader {
        Objects.requireNonNull(target, "target");
        if (target.indexOf('>') >= 0) {
            throw new IllegalArgumentException("a link target cannot contain '>'");
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), Objects.requireNonNull(v)));
        params = Collections.unmodifiableMap(copy);
    }

    /** Whether {@code rel} (a space-separated list) names {@code relation}. */
    public boolean hasRel(String relation) {
        String rel = params.get("rel");
        return rel != null && Arrays.stream(rel.trim().split("[ \t]+"))
                .anyMatch(r -> r.equalsIgnoreCase(relation));
    }

    /** Parses a {@code Link} header value into its links, in order. */
    public static List<LinkHeader> parseAll(String header) {
        HeaderSyntax in = new HeaderSyntax("Link", header);
        List<LinkHeader> out = new ArrayList<>();
        while (true) {
            in.skipWhitespace();
            while (in.peekIs(',')) {
                in.expect(',');
                in.skipWhitespace();
            }
            if (in.atEnd()) {
                break;
            }
            in.expect('<');
            String target = in.until('>');
            LinkedHashMap<String, String> params = new LinkedHashMap<>();
            in.skipWhitespace();
            while (in.peekIs(';')) {
                in.expect(';');
                in.skipWhitespace();
                String name = in.token();
                if (name.isEmpty()) {
                    throw in.malformed("expected a parameter name");
                }
                in.skipWhitespace();
                String value = "";
                if (in.peekIs('=')) {
                    in.expect('=');
                    in.skipWhitespace();
                    value = in.value();
                }
                params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                in.skipWhitespace();
            }
            if (!in.atEnd() && !in.peekIs(',')) {
                throw in.malformed("expected ';' or ',' after a link");
            }
            out.add(new LinkHeader(target, params));
        }
        return List.copyOf(out);
    }

    /** The target of the first link with {@code rel="next"}, if any. */
    public static Optional<String> next(String header) {
        return parseAll(header).stream().filter(l -> l.hasRel("next")).map(LinkHeader::target).findFirst();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<").append(target).append('>');
        params.forEach((k, v) -> sb.append("; ").append(k).append('=').append(HeaderSyntax.render(v)));
        return sb.toString();
    }
}
