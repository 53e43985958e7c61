package dev.xc.testkit.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * BSD getopt(3) as FreeBSD's tools use it: clustered flags ({@code -lq}), option arguments attached or separate
 * ({@code -uroot}, {@code -u root}), {@code --} ends options, the first operand ends options (no GNU permutation).
 * Errors are getopt's own texts: {@code illegal option -- x} and {@code option requires an argument -- u}.
 */
final class Getopt {

    /** What was parsed, or the error text (without the program prefix). */
    record Result(Map<Character, String> options, List<String> operands, Optional<String> error) {
    }

    private Getopt() {
    }

    static Result parse(List<String> args, String spec) {
        Map<Character, String> opts = new LinkedHashMap<>();
        int i = 0;
        while (i < args.size()) {
            String a = args.get(i);
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                break;
            }
            for (int k = 1; k < a.length(); k++) {
                char c = a.charAt(k);
                int at = spec.indexOf(c);
                if (at < 0 || c == ':') {
                    return new Result(opts, List.of(), Optional.of("illegal option -- " + c));
                }
                boolean takesArg = at + 1 < spec.length() && spec.charAt(at + 1) == ':';
                if (takesArg) {
                    if (k + 1 < a.length()) {
                        opts.put(c, a.substring(k + 1));
                    } else if (i + 1 < args.size()) {
                        opts.put(c, args.get(++i));
                    } else {
                        return new Result(opts, List.of(), Optional.of("option requires an argument -- " + c));
                    }
                    break;
                }
                opts.put(c, "");
            }
            i++;
        }
        return new Result(opts, new ArrayList<>(args.subList(i, args.size())), Optional.empty());
    }
}
