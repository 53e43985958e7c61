package dev.xc.devfs;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One devfs(8) rule, as written after {@code devfs rule add}: conditions ({@code path PATTERN}, {@code type T}) then
 * actions ({@code hide}, {@code unhide}, {@code user UID}, {@code group GID}, {@code mode OCTAL},
 * {@code include RULESET}).
 *
 * <p>Accepted syntax (words separated by spaces or tabs):
 * <pre>
 *   rule      = condition* action+        (the original xc's order, actions first, is accepted too)
 *   condition = "path" PATTERN | "type" ("disk" | "mem" | "tape" | "tty")
 *   action    = "hide" | "unhide" | "user" UID | "group" GID | "mode" OCTAL | "include" (NUMBER | "$" NAME)
 * </pre>
 * Examples: {@code path null unhide}, {@code path 'bpf*' unhide}, {@code type disk hide},
 * {@code path 'pts/*' mode 620 group 4}, {@code include 1}, {@code include $devfsrules_hide_all}.
 *
 * <p>{@code PATTERN} is a glob matched by the kernel with fnmatch(3) and {@code FNM_PATHNAME} against names relative
 * to the devfs root: letters, digits, {@code . _ - + , : @ % = ~ ^ /} and the glob characters {@code * ? [ ] !}, at
 * most 199 bytes, not starting or ending with {@code /}; it may be quoted with {@code '} or {@code "} as in
 * {@code /etc/devfs.rules}. {@code UID} and {@code GID} are numbers only (names would be resolved on the host, not in
 * the jail). {@code OCTAL} is one to four octal digits with an optional leading {@code 0}. Stricter than devfs(8):
 * a leading rule number, {@code add}, repeated keywords, {@code hide} with {@code unhide}, and a rule without action
 * are rejected.
 *
 * <p>{@link #toString()} renders the canonical form: path, types, then actions in the order of the grammar, the
 * pattern quoted with {@code '} only when it holds glob characters, the mode in octal without leading zero.
 *
 * @param path the path pattern condition
 * @param types the device-type conditions (a device matches when it has any of them)
 * @param visibility hide or unhide
 * @param user the owner to set
 * @param group the group to set
 * @param mode the permission bits to set, 0 to 07777
 * @param include the ruleset to run as part of this rule
 */
public record DevfsRule(Optional<String> path, Set<DeviceType> types, Optional<Visibility> visibility,
                        Optional<Integer> user, Optional<Integer> group, Optional<Integer> mode,
                        Optional<RulesetRef> include) {

    /** Longest pattern the kernel keeps ({@code DEVFS_MAXPTRNLEN} is 200 including the NUL). */
    public static final int MAX_PATTERN_LENGTH = 199;

    private static final Pattern PATTERN_CHARS = Pattern.compile("[A-Za-z0-9._+,:@%=~^/*?\\[\\]!-]+");
    private static final Pattern PLAIN_CHARS = Pattern.compile("[A-Za-z0-9._+,:@/-]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern OCTAL = Pattern.compile("0?[0-7]{1,4}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,10}");
    private static final String HINT = "write a devfs rule such as \"path 'tun*' unhide\" or \"path null mode 666\"";

    /** The device types devfs can match ({@code D_DISK}, {@code D_MEM}, {@code D_TAPE}, {@code D_TTY}). */
    public enum DeviceType {
        DISK, MEM, TAPE, TTY;

        /** The devfs(8) keyword: {@code disk}, {@code mem}, {@code tape}, {@code tty}. */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The visibility action. */
    public enum Visibility {
        HIDE, UNHIDE;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The target of {@code include}: a ruleset number, or {@code $name} of a section of a devfs.rules file. */
    public sealed interface RulesetRef permits ByNumber, ByName {

        /** Parses {@code 4} or {@code $devfsrules_jail}. */
        static RulesetRef parse(String text) {
            if (text.startsWith("$")) {
                return new ByName(text.substring(1));
            }
            if (!NUMBER.matcher(text).matches()) {
                throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                        "invalid ruleset reference '" + text + "': expected a number from 0 to 65535 or $name",
                        "write 'include 1' or 'include $devfsrules_hide_all'");
            }
            return new ByNumber(Integer.parseInt(text));
        }
    }

    /** {@code include N}. */
    public record ByNumber(int number) implements RulesetRef {
        public ByNumber {
            if (number < 0 || number > 65535) {
                throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                        "invalid ruleset reference '" + number + "': a ruleset number is 0 to 65535",
                        "write 'include 1' or 'include $devfsrules_hide_all'");
            }
        }

        @Override
        public String toString() {
            return Integer.toString(number);
        }
    }

    /** {@code include $name}, resolved against the sections of a devfs.rules file. */
    public record ByName(String name) implements RulesetRef {
        public ByName {
            if (!NAME.matcher(name).matches()) {
                throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                        "invalid ruleset reference '$" + name + "': a ruleset name is a shell variable name",
                        "write 'include $devfsrules_hide_all'");
            }
        }

        @Override
        public String toString() {
            return "$" + name;
        }
    }

    public DevfsRule {
        Objects.requireNonNull(path, "path");
        types = types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(include, "include");
        path.ifPresent(DevfsRule::checkPattern);
        user.ifPresent(u -> checkId("user", u));
        group.ifPresent(g -> checkId("group", g));
        mode.ifPresent(m -> {
            if (m < 0 || m > 07777) {
                throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                        "invalid devfs rule mode " + Integer.toOctalString(m) + ": a mode is 0 to 7777 (octal)",
                        "write for example 'mode 660'");
            }
        });
        if (visibility.isEmpty() && user.isEmpty() && group.isEmpty() && mode.isEmpty() && include.isEmpty()) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                    "invalid devfs rule: it has no action (hide, unhide, user, group, mode or include)", HINT);
        }
    }

    /** A rule {@code path PATTERN unhide}. */
    public static DevfsRule unhide(String pattern) {
        return new DevfsRule(Optional.of(pattern), Set.of(), Optional.of(Visibility.UNHIDE), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A rule {@code include N}. */
    public static DevfsRule include(int ruleset) {
        return new DevfsRule(Optional.empty(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(new ByNumber(ruleset)));
    }

    /** Whether {@code pattern} holds glob or other shell characters and so is quoted in shell text. */
    public static boolean needsQuoting(String pattern) {
        return !PLAIN_CHARS.matcher(pattern).matches();
    }

    private static void checkPattern(String p) {
        String what = "invalid devfs path pattern '" + p + "': ";
        String hint = "write a pattern relative to /dev such as 'tun*' or 'dtrace/helper'";
        if (p.isEmpty()) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid devfs path pattern '': it is empty", hint);
        }
        if (p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PATTERN_LENGTH) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                    what + "it is longer than " + MAX_PATTERN_LENGTH + " bytes, which devfs would truncate", hint);
        }
        if (!PATTERN_CHARS.matcher(p).matches()) {
            int bad = p.codePoints().filter(c -> !PATTERN_CHARS.matcher(Character.toString(c)).matches())
                    .findFirst().orElse('?');
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                    what + "the character '" + Character.toString(bad) + "' is not allowed", hint);
        }
        if (p.startsWith("/")) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                    what + "it starts with '/', but devfs matches names relative to /dev and it would never match",
                    "drop the leading '/': write '" + p.replaceFirst("^/+", "") + "'");
        }
        if (p.endsWith("/") || p.contains("//")) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, what + "it has an empty path component", hint);
        }
    }

    private static void checkId(String what, int id) {
        if (id < 0) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                    "invalid devfs rule " + what + " " + id + ": it must be a number from 0 to 2147483647",
                    "write for example '" + what + " 0'");
        }
    }

    /**
     * Parses a rule in the syntax above.
     *
     * @throws XcException {@code INVALID_SYNTAX} naming the rule and the bad word
     */
    public static DevfsRule parse(String text) {
        List<String> words = words(text);
        if (words.isEmpty()) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid devfs rule '" + text + "': it is empty",
                    HINT);
        }
        Optional<String> path = Optional.empty();
        EnumSet<DeviceType> types = EnumSet.noneOf(DeviceType.class);
        Optional<Visibility> vis = Optional.empty();
        Optional<Integer> user = Optional.empty();
        Optional<Integer> group = Optional.empty();
        Optional<Integer> mode = Optional.empty();
        Optional<RulesetRef> include = Optional.empty();
        // 0: conditions seen (or nothing), 1: actions seen after conditions, 2: conditions after leading actions
        boolean sawAction = false;
        boolean conditionsAfterActions = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String kw = unquoted(text, w, "keyword");
            boolean condition = kw.equals("path") || kw.equals("type");
            if (condition && sawAction) {
                conditionsAfterActions = true;
            } else if (!condition && conditionsAfterActions) {
                throw bad(text, "'" + kw + "' follows a condition that follows an action; "
                        + "write the conditions first");
            }
            switch (kw) {
                case "path" -> {
                    String arg = argument(text, words, i++, kw);
                    if (path.isPresent()) {
                        throw bad(text, "'path' is given twice");
                    }
                    path = Optional.of(unquote(text, arg));
                }
                case "type" -> {
                    String arg = unquoted(text, argument(text, words, i++, kw), "type");
                    DeviceType t = switch (arg) {
                        case "disk" -> DeviceType.DISK;
                        case "mem" -> DeviceType.MEM;
                        case "tape" -> DeviceType.TAPE;
                        case "tty" -> DeviceType.TTY;
                        default -> throw bad(text, "unknown device type '" + arg
                                + "' (expected disk, mem, tape or tty)");
                    };
                    if (!types.add(t)) {
                        throw bad(text, "'type " + arg + "' is given twice");
                    }
                }
                case "hide", "unhide" -> {
                    if (vis.isPresent()) {
                        throw bad(text, vis.get().keyword().equals(kw) ? "'" + kw + "' is given twice"
                                : "it both hides and unhides");
                    }
                    vis = Optional.of(kw.equals("hide") ? Visibility.HIDE : Visibility.UNHIDE);
                }
                case "user", "group" -> {
                    String arg = unquoted(text, argument(text, words, i++, kw), kw);
                    if (!NUMBER.matcher(arg).matches() || Long.parseLong(arg) > Integer.MAX_VALUE) {
                        throw bad(text, "'" + kw + " " + arg + "' needs a number from 0 to 2147483647 "
                                + "(names are resolved on the host, not in the jail)");
                    }
                    Optional<Integer> v = Optional.of(Integer.parseInt(arg));
                    if (kw.equals("user")) {
                        if (user.isPresent()) {
                            throw bad(text, "'user' is given twice");
                        }
                        user = v;
                    } else {
                        if (group.isPresent()) {
                            throw bad(text, "'group' is given twice");
                        }
                        group = v;
                    }
                }
                case "mode" -> {
                    String arg = unquoted(text, argument(text, words, i++, kw), kw);
                    if (!OCTAL.matcher(arg).matches()) {
                        throw bad(text, "'mode " + arg + "' needs an octal mode such as 660 or 0644");
                    }
                    if (mode.isPresent()) {
                        throw bad(text, "'mode' is given twice");
                    }
                    mode = Optional.of(Integer.parseInt(arg, 8));
                }
                case "include" -> {
                    String arg = unquoted(text, argument(text, words, i++, kw), kw);
                    if (include.isPresent()) {
                        throw bad(text, "'include' is given twice");
                    }
                    try {
                        include = Optional.of(RulesetRef.parse(arg));
                    } catch (XcException e) {
                        throw bad(text, "'include " + arg + "' needs a ruleset number from 0 to 65535 or $name");
                    }
                }
                case "add" -> throw bad(text, "unknown keyword 'add': write the rule without 'add'");
                default -> {
                    if (NUMBER.matcher(kw).matches() && i == 0) {
                        throw bad(text, "it starts with the rule number " + kw
                                + "; rule numbers are assigned by xc");
                    }
                    throw bad(text, "unknown keyword '" + kw + "'");
                }
            }
            if (!condition) {
                sawAction = true;
            }
        }
        try {
            return new DevfsRule(path, types, vis, user, group, mode, include);
        } catch (XcException e) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                    "invalid devfs rule '" + text + "': " + e.getMessage().replaceFirst("^invalid devfs rule: ", ""),
                    e.hint());
        }
    }

    private static XcException bad(String text, String what) {
        return XcException.invalid(ErrorCode.INVALID_SYNTAX, "invalid devfs rule '" + text + "': " + what, HINT);
    }

    private static String argument(String text, List<String> words, int i, String kw) {
        if (i + 1 >= words.size()) {
            throw bad(text, "'" + kw + "' needs an argument");
        }
        return words.get(i + 1);
    }

    private static String unquoted(String text, String word, String what) {
        if (word.startsWith("'") || word.startsWith("\"")) {
            throw bad(text, "only a path pattern may be quoted, not the " + what + " " + word);
        }
        return word;
    }

    private static String unquote(String text, String word) {
        if (word.length() >= 2 && (word.startsWith("'") && word.endsWith("'")
                || word.startsWith("\"") && word.endsWith("\""))) {
            return word.substring(1, word.length() - 1);
        }
        return word;
    }

    /** Splits on spaces and tabs; a word starting with a quote runs to the matching quote. */
    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (c < 0x20 || c == 0x7f) {
                throw bad(text.replaceAll("\\p{Cntrl}", "?"), "it contains a control character");
            }
            int start = i;
            if (c == '\'' || c == '"') {
                int end = text.indexOf(c, i + 1);
                if (end < 0) {
                    throw bad(text, "the quote " + c + " at column " + (i + 1) + " is not closed");
                }
                i = end + 1;
                if (i < n && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                    throw bad(text, "text follows the closing quote at column " + i);
                }
            } else {
                while (i < n && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                    char d = text.charAt(i);
                    if (d < 0x20 || d == 0x7f) {
                        throw bad(text.replaceAll("\\p{Cntrl}", "?"), "it contains a control character");
                    }
                    i++;
                }
            }
            out.add(text.substring(start, i));
        }
        return out;
    }

    /**
     * The rule as separate words for devfs(8)'s argv or stdin: the pattern unquoted, since nothing there removes
     * quotes ({@code [path, bpf*, unhide]}).
     */
    public List<String> words() {
        List<String> w = new ArrayList<>();
        path.ifPresent(p -> {
            w.add("path");
            w.add(p);
        });
        for (DeviceType t : DeviceType.values()) {
            if (types.contains(t)) {
                w.add("type");
                w.add(t.keyword());
            }
        }
        visibility.ifPresent(v -> w.add(v.keyword()));
        user.ifPresent(u -> {
            w.add("user");
            w.add(Integer.toString(u));
        });
        group.ifPresent(g -> {
            w.add("group");
            w.add(Integer.toString(g));
        });
        mode.ifPresent(m -> {
            w.add("mode");
            w.add(Integer.toOctalString(m));
        });
        include.ifPresent(r -> {
            w.add("include");
            w.add(r.toString());
        });
        return List.copyOf(w);
    }

    /** Whether the rule makes matching nodes visible or changes their owner or mode. */
    public boolean grantsAccess() {
        return visibility.equals(Optional.of(Visibility.UNHIDE)) || user.isPresent() || group.isPresent()
                || mode.isPresent();
    }

    /** This rule with {@code include $name} replaced by {@code include N}. */
    public DevfsRule withInclude(RulesetRef ref) {
        return new DevfsRule(path, types, visibility, user, group, mode, Optional.of(ref));
    }

    @Override
    public String toString() {
        List<String> w = new ArrayList<>(words());
        if (path.isPresent() && needsQuoting(path.get())) {
            w.set(1, "'" + path.get() + "'");
        }
        return String.join(" ", w);
    }
}
