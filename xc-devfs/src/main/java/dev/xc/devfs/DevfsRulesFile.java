package dev.xc.devfs;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code /etc/devfs.rules} format, as {@code /etc/rc.d/devfs} reads it: {@code #} comment lines, a header
 * {@code [name=number]} starting each ruleset, and under it lines {@code add RULE} ({@link DevfsRule} syntax, the
 * pattern quoted as in sh, {@code include $name} naming a ruleset defined earlier). Blank lines and a trailing
 * {@code # comment} are ignored.
 *
 * <pre>
 * [devfsrules_xc_web=1000]
 * add include $devfsrules_hide_all
 * add path 'tun*' unhide
 * </pre>
 *
 * <p>Stricter than rc: a rule line before the first header, a line not starting with {@code add}, a header name that
 * is not a shell variable name, a number outside 1..65535, and a name or number used twice are rejected.
 * {@link #toString()} renders the sections separated by blank lines, without comments.
 *
 * @param sections the rulesets in file order
 */
public record DevfsRulesFile(List<Section> sections) {

    private static final Pattern HEADER = Pattern.compile("\\[([^=\\]]*)=([^\\]]*)\\]");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String HINT = "write '[name=number]' headers followed by 'add RULE' lines, "
            + "for example \"[devfsrules_web=100]\" then \"add path 'tun*' unhide\"";

    /**
     * One ruleset of the file.
     *
     * @param name its name, a shell variable name ({@code devfsrules_jail})
     * @param number its number, 1..65535
     * @param rules its rules in order
     */
    public record Section(String name, int number, List<DevfsRule> rules) {
        public Section {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                        "invalid devfs ruleset name '" + name + "': it must be a shell variable name", HINT);
            }
            if (number < 1 || number > 65535) {
                throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                        "invalid devfs ruleset number " + number + " for '" + name + "': it must be 1 to 65535 "
                                + "(ruleset 0 is the immutable default)", HINT);
            }
            rules = List.copyOf(rules);
        }
    }

    public DevfsRulesFile {
        sections = List.copyOf(sections);
        Set<String> names = new HashSet<>();
        Set<Integer> numbers = new HashSet<>();
        for (Section s : sections) {
            if (!names.add(s.name())) {
                throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                        "invalid devfs rules: the ruleset name '" + s.name() + "' is used twice", HINT);
            }
            if (!numbers.add(s.number())) {
                throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                        "invalid devfs rules: the ruleset number " + s.number() + " is used twice", HINT);
            }
        }
    }

    /**
     * Parses the file text.
     *
     * @throws XcException {@code INVALID_SYNTAX} naming the line number and what is wrong with it
     */
    public static DevfsRulesFile parse(String text) {
        List<Section> sections = new ArrayList<>();
        String name = null;
        int number = 0;
        List<DevfsRule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i].strip());
            int no = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                Matcher m = HEADER.matcher(line);
                if (!m.matches()) {
                    throw bad(no, lines[i], "a header must look like [name=number]");
                }
                if (name != null) {
                    sections.add(new Section(name, number, rules));
                }
                name = m.group(1);
                if (!NAME.matcher(name).matches()) {
                    throw bad(no, lines[i], "cannot extract rule name: '" + name
                            + "' is not a shell variable name");
                }
                String num = m.group(2);
                if (!num.matches("[0-9]{1,5}") || Integer.parseInt(num) < 1 || Integer.parseInt(num) > 65535) {
                    throw bad(no, lines[i], "cannot extract rule number: '" + num
                            + "' is not a number from 1 to 65535");
                }
                number = Integer.parseInt(num);
                rules = new ArrayList<>();
                continue;
            }
            if (name == null) {
                throw bad(no, lines[i], "a rule comes before the first [name=number] header");
            }
            if (!line.startsWith("add ") && !line.startsWith("add\t")) {
                throw bad(no, lines[i], "a rule line must start with 'add'");
            }
            try {
                rules.add(DevfsRule.parse(line.substring(4)));
            } catch (XcException e) {
                throw bad(no, lines[i], e.getMessage());
            }
        }
        if (name != null) {
            sections.add(new Section(name, number, rules));
        }
        try {
            return new DevfsRulesFile(sections);
        } catch (XcException e) {
            throw XcException.invalid(ErrorCode.INVALID_SYNTAX, e.getMessage(), e.hint());
        }
    }

    /** Drops a {@code #} comment that starts a word outside quotes, as sh's {@code eval} does. */
    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
                return line.substring(0, i).strip();
            }
        }
        return line;
    }

    private static XcException bad(int no, String line, String what) {
        return XcException.invalid(ErrorCode.INVALID_SYNTAX,
                "invalid devfs rules at line " + no + " '" + line.strip() + "': " + what, HINT);
    }

    /** The section called {@code name}. */
    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The section numbered {@code number}. */
    public Optional<Section> section(int number) {
        return sections.stream().filter(s -> s.number() == number).findFirst();
    }

    /** Ruleset numbers by name, in file order. */
    public Map<String, Integer> numbers() {
        Map<String, Integer> m = new LinkedHashMap<>();
        sections.forEach(s -> m.put(s.name(), s.number()));
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The rules of section {@code number} with every {@code include $name} replaced by the number of that name,
     * looked up in this file and then in {@code known} (the names of files read earlier, as rc passes them on).
     *
     * @throws XcException {@code INVALID_SYNTAX} when a name is defined nowhere
     */
    public List<DevfsRule> resolved(int number, Map<String, Integer> known) {
        Section s = section(number).orElseThrow(() -> XcException.invalid(ErrorCode.INVALID_ARGUMENT,
                "no devfs ruleset " + number + " in these rules", "use one of " + numbers().values()));
        List<DevfsRule> out = new ArrayList<>();
        for (DevfsRule r : s.rules()) {
            if (r.include().orElse(null) instanceof DevfsRule.ByName(String n)) {
                Integer num = numbers().containsKey(n) ? numbers().get(n) : known.get(n);
                if (num == null) {
                    throw XcException.invalid(ErrorCode.INVALID_SYNTAX,
                            "devfs ruleset '" + s.name() + "' includes $" + n + ", which is not defined",
                            "define [" + n + "=NUMBER] earlier, or include a ruleset by number");
                }
                out.add(r.withInclude(new DevfsRule.ByNumber(num)));
            } else {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Section s : sections) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append('[').append(s.name()).append('=').append(s.number()).append("]\n");
            for (DevfsRule r : s.rules()) {
                sb.append("add ").append(r).append('\n');
            }
        }
        return sb.toString();
    }
}
