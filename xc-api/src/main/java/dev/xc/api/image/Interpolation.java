package dev.xc.api.image;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A string with environment variable references, the original xc's {@code InterpolatedString}: entry point
 * arguments, {@code environ} values and image devfs rules are written this way and expanded against the container's
 * environment just before use.
 *
 * <p>Syntax:
 * <ul>
 *   <li>{@code $NAME} and {@code ${NAME}}: the value of {@code NAME} ({@code [A-Za-z_][A-Za-z0-9_]*}; {@code $NAME}
 *       takes the longest such name). Unset is an error; set but empty gives {@code ""}.</li>
 *   <li>{@code ${NAME:-default}}: the value if set and non-empty, else the default. {@code ${NAME:=default}} means
 *       the same (nothing is assigned) and is written back as {@code :-}.</li>
 *   <li>{@code ${NAME:?message}}: the value if set and non-empty, else an error carrying the message.</li>
 *   <li>{@code ${NAME:+alt}}: {@code alt} if the value is set and non-empty, else {@code ""} (the original xc had
 *       this inverted).</li>
 *   <li>A default, message or alt (a <em>word</em>) runs to the matching <code>&#125;</code>; it may hold
 *       {@code $NAME}, nested {@code ${...}} and {@code "..."} quoted text. Quoted text is literal ({@code $} and
 *       <code>&#125;</code> in it mean themselves); inside quotes {@code \"} is a quote and {@code \\} a
 *       backslash.</li>
 *   <li>{@code $$} is a literal {@code $}. A {@code $} followed by anything that is neither a name nor
 *       <code>&#123;</code> ({@code $1}, {@code $@}, a trailing {@code $}) is a literal {@code $}: Docker images
 *       carry such text in {@code Cmd}, and the original xc refused (or panicked on) it.</li>
 *   <li>Everything else, including {@code "} and <code>&#125;</code> outside a word, is literal text.</li>
 * </ul>
 * Examples: {@code ${LISTEN_PORT}}, {@code $HOME/bin}, {@code ${NAME:-world}}, {@code ${DB:?set DB to a URL}},
 * {@code ${A:-${B:-none}}}, {@code ${GREETING:-"hello, world"}}, {@code awk '{print $1}'}.
 *
 * <p>{@link #toString()} renders canonical text: references as {@code ${NAME}}, {@code :=} as {@code :-}, a literal
 * {@code $} doubled only where it would otherwise start a reference, and a word literal quoted only when it holds
 * <code>&#125;</code> or {@code "}. {@code parse(x.toString()).equals(x)} holds for every value. Equality is
 * structural: {@code $X} and {@code ${X}} parse equal. Instances are immutable and thread-safe.
 *
 * @param parts the literal text and references, in order; adjacent literals are merged
 */
public record Interpolation(List<Part> parts) {

    /** Deepest nesting of {@code ${...}} accepted, so that hostile input cannot exhaust the stack. */
    public static final int MAX_NESTING = 32;

    private static final Interpolation EMPTY = new Interpolation(List.of());
    private static final String SYNTAX_HINT =
            "write references as $NAME, ${NAME}, ${NAME:-default}, ${NAME:?message} or ${NAME:+alt}; "
                    + "write a literal $ as $$";

    /** One piece of an interpolated string. */
    public sealed interface Part permits Literal, Ref {
    }

    /** Literal text, taken as is. @param text non-empty text */
    public record Literal(String text) implements Part {
        public Literal {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("a literal part is never empty");
            }
        }
    }

    /** What a reference does when its variable is unset or empty. */
    public enum Modifier {
        /** {@code ${NAME}}: unset is an error. */
        NONE(""),
        /** {@code ${NAME:-word}} (also {@code :=}): the word when unset or empty. */
        DEFAULT(":-"),
        /** {@code ${NAME:?word}}: an error with the word as message when unset or empty. */
        ERROR(":?"),
        /** {@code ${NAME:+word}}: the word when set and non-empty, else nothing. */
        ALTERNATE(":+");

        private final String operator;

        Modifier(String operator) {
            this.operator = operator;
        }

        /** The operator as written, {@code ""} for {@link #NONE}. */
        public String operator() {
            return operator;
        }
    }

    /**
     * A reference to a variable.
     *
     * @param name the variable name
     * @param modifier what happens when it is unset or empty
     * @param word the default, message or alternative; empty for {@link Modifier#NONE}
     */
    public record Ref(String name, Modifier modifier, Interpolation word) implements Part {
        public Ref {
            Checks.varName(name, "an interpolated string");
            Objects.requireNonNull(modifier, "modifier");
            Objects.requireNonNull(word, "word");
            if (modifier == Modifier.NONE && !word.isEmpty()) {
                throw new IllegalArgumentException("a plain reference ${" + name + "} has no word");
            }
        }

        /** {@code ${name}}. */
        public static Ref of(String name) {
            return new Ref(name, Modifier.NONE, EMPTY);
        }
    }

    public Interpolation {
        Objects.requireNonNull(parts, "parts");
        List<Part> merged = new ArrayList<>(parts.size());
        for (Part p : parts) {
            Objects.requireNonNull(p, "part");
            if (p instanceof Literal(String t) && !merged.isEmpty()
                    && merged.getLast() instanceof Literal(String prev)) {
                merged.set(merged.size() - 1, new Literal(prev + t));
            } else {
                merged.add(p);
            }
        }
        parts = List.copyOf(merged);
    }

    /** The empty string. */
    public static Interpolation empty() {
        return EMPTY;
    }

    /** Text taken literally, with no references: {@code literal("$1").apply(env)} is {@code "$1"}. */
    public static Interpolation literal(String text) {
        Objects.requireNonNull(text, "text");
        return text.isEmpty() ? EMPTY : new Interpolation(List.of(new Literal(text)));
    }

    /**
     * Parses the syntax described on the class.
     *
     * @throws XcException {@link ErrorCode#INVALID_SYNTAX} for an unterminated <code>$&#123;</code> or quote, a
     *     <code>$&#123;</code> not followed by a name, an unknown operator, or nesting deeper than
     *     {@value #MAX_NESTING}
     */
    public static Interpolation parse(String text) {
        Objects.requireNonNull(text, "text");
        Parser p = new Parser(text);
        Interpolation result = p.text(false, 0);
        if (p.pos != text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "' at position " + p.pos);
        }
        return result;
    }

    /** Whether {@code name} is a valid variable name, {@code [A-Za-z_][A-Za-z0-9_]*}. */
    public static boolean isVariableName(String name) {
        return Checks.VAR.matcher(name).matches();
    }

    /** Whether this is the empty string. */
    public boolean isEmpty() {
        return parts.isEmpty();
    }

    /** Whether this has no references at all. */
    public boolean isLiteral() {
        return parts.stream().allMatch(p -> p instanceof Literal);
    }

    /** Every variable referenced, nested ones included, in order of first appearance. */
    public Set<String> variables() {
        Set<String> out = new LinkedHashSet<>();
        collect(out);
        return Collections.unmodifiableSet(out);
    }

    private void collect(Set<String> out) {
        for (Part p : parts) {
            if (p instanceof Ref r) {
                out.add(r.name());
                r.word().collect(out);
            }
        }
    }

    /**
     * Expands the references against {@code env}. Words are expanded only when used, so
     * {@code ${A:-$B}} needs {@code B} only when {@code A} is unset or empty. Never fails other than as documented.
     *
     * @throws XcException {@link ErrorCode#MISSING_ENV} naming the variable when a reference without a default is
     *     unset, or a {@code :?} reference is unset or empty
     */
    public String apply(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        StringBuilder sb = new StringBuilder();
        applyTo(env, sb);
        return sb.toString();
    }

    private void applyTo(Map<String, String> env, StringBuilder sb) {
        for (Part p : parts) {
            switch (p) {
                case Literal l -> sb.append(l.text());
                case Ref r -> {
                    String value = env.get(r.name());
                    boolean setNonEmpty = value != null && !value.isEmpty();
                    switch (r.modifier()) {
                        case NONE -> {
                            if (value == null) {
                                throw XcException.of(ErrorCode.MISSING_ENV,
                                        "missing environment variable '" + r.name() + "' (referenced as ${"
                                                + r.name() + "} in '" + this + "')",
                                        "set it, e.g. -e " + r.name() + "=VALUE, or give the reference a default: ${"
                                                + r.name() + ":-VALUE}");
                            }
                            sb.append(value);
                        }
                        case DEFAULT -> {
                            if (setNonEmpty) {
                                sb.append(value);
                            } else {
                                r.word().applyTo(env, sb);
                            }
                        }
                        case ERROR -> {
                            if (!setNonEmpty) {
                                String message = r.word().apply(env);
                                throw XcException.of(ErrorCode.MISSING_ENV,
                                        "missing environment variable '" + r.name() + "'"
                                                + (value == null ? "" : " (it is empty)")
                                                + (message.isEmpty() ? "" : ": " + message),
                                        "set it, e.g. -e " + r.name() + "=VALUE");
                            }
                            sb.append(value);
                        }
                        case ALTERNATE -> {
                            if (setNonEmpty) {
                                r.word().applyTo(env, sb);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The canonical text described on the class; {@link #parse} reads it back equal. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        render(false, sb);
        return sb.toString();
    }

    private void render(boolean inWord, StringBuilder sb) {
        for (int i = 0; i < parts.size(); i++) {
            switch (parts.get(i)) {
                case Literal l -> {
                    // a following part is always a Ref (literals are merged), and a Ref starts with '$'
                    boolean refFollows = i + 1 < parts.size();
                    String t = l.text();
                    if (inWord && (t.indexOf('}') >= 0 || t.indexOf('"') >= 0)) {
                        sb.append('"');
                        for (int k = 0; k < t.length(); k++) {
                            char c = t.charAt(k);
                            if (c == '"' || c == '\\') {
                                sb.append('\\');
                            }
                            sb.append(c);
                        }
                        sb.append('"');
                    } else {
                        for (int k = 0; k < t.length(); k++) {
                            char c = t.charAt(k);
                            sb.append(c);
                            if (c == '$') {
                                boolean special = k + 1 < t.length() ? startsReference(t.charAt(k + 1)) : refFollows;
                                if (special) {
                                    sb.append('$');
                                }
                            }
                        }
                    }
                }
                case Ref r -> {
                    sb.append("${").append(r.name()).append(r.modifier().operator());
                    r.word().render(true, sb);
                    sb.append('}');
                }
            }
        }
    }

    /** Whether a {@code $} followed by {@code c} would not be a literal {@code $}. */
    private static boolean startsReference(char c) {
        return c == '$' || c == '{' || isNameStart(c);
    }

    private static boolean isNameStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    /** A recursive-descent reader over one source string. */
    private static final class Parser {
        private final String src;
        private int pos;

        Parser(String src) {
            this.src = src;
        }

        Interpolation text(boolean inWord, int depth) {
            List<Part> parts = new ArrayList<>();
            StringBuilder lit = new StringBuilder();
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (inWord && c == '}') {
                    break;
                }
                if (inWord && c == '"') {
                    quoted(lit);
                    continue;
                }
                if (c == '$' && pos + 1 < src.length()) {
                    char n = src.charAt(pos + 1);
                    if (n == '$') {
                        lit.append('$');
                        pos += 2;
                        continue;
                    }
                    if (n == '{' || isNameStart(n)) {
                        flush(lit, parts);
                        parts.add(n == '{' ? braced(depth) : bare());
                        continue;
                    }
                }
                lit.append(c);
                pos++;
            }
            flush(lit, parts);
            return new Interpolation(parts);
        }

        private void quoted(StringBuilder lit) {
            int start = pos;
            pos++;
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (c == '"') {
                    pos++;
                    return;
                }
                if (c == '\\' && pos + 1 < src.length()
                        && (src.charAt(pos + 1) == '"' || src.charAt(pos + 1) == '\\')) {
                    lit.append(src.charAt(pos + 1));
                    pos += 2;
                } else {
                    lit.append(c);
                    pos++;
                }
            }
            throw error("unterminated quote starting at position " + start);
        }

        private Ref bare() {
            pos++; // '$'
            return Ref.of(name());
        }

        private Ref braced(int depth) {
            int start = pos;
            if (depth >= MAX_NESTING) {
                throw error("'${' nested deeper than " + MAX_NESTING + " levels at position " + start);
            }
            pos += 2; // "${"
            if (pos >= src.length() || !isNameStart(src.charAt(pos))) {
                throw error("expected a variable name after '${' at position " + start);
            }
            String name = name();
            if (pos >= src.length()) {
                throw error("unterminated '${" + name + "' starting at position " + start);
            }
            char c = src.charAt(pos);
            if (c == '}') {
                pos++;
                return Ref.of(name);
            }
            Modifier m = null;
            if (c == ':' && pos + 1 < src.length()) {
                m = switch (src.charAt(pos + 1)) {
                    case '-', '=' -> Modifier.DEFAULT;
                    case '?' -> Modifier.ERROR;
                    case '+' -> Modifier.ALTERNATE;
                    default -> null;
                };
            }
            if (m == null) {
                throw error("expected '}' or one of ':-', ':=', ':?', ':+' after '${" + name + "' at position " + pos);
            }
            pos += 2;
            Interpolation word = text(true, depth + 1);
            if (pos >= src.length()) {
                throw error("unterminated '${" + name + "' starting at position " + start);
            }
            pos++; // '}'
            return new Ref(name, m, word);
        }

        private String name() {
            int from = pos;
            while (pos < src.length() && isNameChar(src.charAt(pos))) {
                pos++;
            }
            return src.substring(from, pos);
        }

        private static void flush(StringBuilder lit, List<Part> parts) {
            if (!lit.isEmpty()) {
                parts.add(new Literal(lit.toString()));
                lit.setLength(0);
            }
        }

        XcException error(String why) {
            return XcException.invalid(ErrorCode.INVALID_SYNTAX,
                    "invalid interpolated string '" + src + "': " + why, SYNTAX_HINT);
        }
    }
}
