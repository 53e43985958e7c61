package dev.xc.registry.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

/** A cursor over an HTTP header value with the RFC 9110 token, quoted-string and whitespace rules. */
final class HeaderSyntax {

    private final String header;
    private final String text;
    private int pos;

    HeaderSyntax(String header, String text) {
        this.header = header;
        this.text = text;
    }

    static boolean isTchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} as a token when it is one, else as a quoted-string with {@code \} escapes. */
    static String render(String s) {
        if (isToken(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    int pos() {
        return pos;
    }

    void reset(int p) {
        pos = p;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    char peek() {
        return text.charAt(pos);
    }

    boolean peekIs(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    void skipWhitespace() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    void expect(char c) {
        if (!peekIs(c)) {
            throw malformed("expected '" + c + "'");
        }
        pos++;
    }

    /** Reads a token; empty when none starts here. */
    String token() {
        int start = pos;
        while (pos < text.length() && isTchar(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** Reads a token or a quoted-string. */
    String value() {
        if (peekIs('"')) {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw malformed("unterminated quoted string");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (atEnd()) {
                        throw malformed("unterminated escape in quoted string");
                    }
                    c = text.charAt(pos++);
                }
                if (c < ' ' && c != '\t' || c == 0x7f) {
                    throw malformed("control character in quoted string");
                }
                sb.append(c);
            }
        }
        String t = token();
        if (t.isEmpty()) {
            throw malformed("expected a token or a quoted string");
        }
        return t;
    }

    /** Reads everything up to {@code end} (exclusive) and consumes {@code end}. */
    String until(char end) {
        int i = text.indexOf(end, pos);
        if (i < 0) {
            throw malformed("missing '" + end + "'");
        }
        String s = text.substring(pos, i);
        pos = i + 1;
        return s;
    }

    XcException malformed(String why) {
        return XcException.of(ErrorCode.REGISTRY_ERROR,
                "malformed " + header + " header '" + text + "': " + why + " at position " + pos,
                "the registry or a proxy in front of it sent a header that breaks RFC 9110; report it to its operator");
    }
}
