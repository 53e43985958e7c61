package dev.xc.testkit.zfs;

import java.util.ArrayList;
import java.util.List;

/**
 * POSIX getopt as zfs(8) uses it: flags may be grouped ({@code -Hp}), an option's argument may be attached
 * ({@code -oname}) or the next word, parsing stops at the first operand or at {@code --}. Not thread-safe; one per
 * parse.
 */
final class GetOpt {

    /** One parsed option: its letter and its argument (empty for flags). */
    record Opt(char letter, String arg) {
    }

    /** Raised for an unknown option or a missing argument, with zfs's message. */
    static final class Bad extends Exception {
        Bad(String message) {
            super(message, null, false, false);
        }
    }

    final List<Opt> options = new ArrayList<>();
    final List<String> operands = new ArrayList<>();

    GetOpt(List<String> args, String spec) throws Bad {
        int i = 0;
        while (i < args.size()) {
            String a = args.get(i);
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-") || a.length() == 1) {
                break;
            }
            for (int j = 1; j < a.length(); j++) {
                char c = a.charAt(j);
                int at = spec.indexOf(c);
                if (at < 0 || c == ':') {
                    throw new Bad("invalid option '" + c + "'");
                }
                boolean takesArg = at + 1 < spec.length() && spec.charAt(at + 1) == ':';
                if (takesArg) {
                    String v;
                    if (j + 1 < a.length()) {
                        v = a.substring(j + 1);
                    } else if (i + 1 < args.size()) {
                        v = args.get(++i);
                    } else {
                        throw new Bad("missing argument for '" + c + "' option");
                    }
                    options.add(new Opt(c, v));
                    break;
                }
                options.add(new Opt(c, ""));
            }
            i++;
        }
        operands.addAll(args.subList(i, args.size()));
    }

    boolean has(char c) {
        return options.stream().anyMatch(o -> o.letter() == c);
    }

    List<String> all(char c) {
        return options.stream().filter(o -> o.letter() == c).map(Opt::arg).toList();
    }
}
