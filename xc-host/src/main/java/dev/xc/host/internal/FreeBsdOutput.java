package dev.xc.host.internal;

import dev.xc.api.ErrorCode;
import dev.xc.api.XcException;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pure parsers for what FreeBSD's own tools print, used to learn host facts. Kept apart from running the tools so
 * that they can be tested with captured output on any machine.
 *
 * <p>Each parser rejects output it does not understand with {@link ErrorCode#MALFORMED_CONTENT}, naming the line,
 * instead of guessing. Stateless and thread-safe.
 */
public final class FreeBsdOutput {

    /**
     * One kld file line of {@code kldstat} / {@code kldstat -v} / {@code kldstat -h}:
     * {@code " 2    1 0xffffffff82000000   5da2e8 zfs.ko (/boot/kernel/zfs.ko)"}: id, refs, address, size, file
     * name and, with {@code -v}, the path in parentheses.
     */
    private static final Pattern FILE_LINE = Pattern.compile(
            "\\s*(\\d+)\\s+(\\d+)\\s+(0x[0-9a-fA-F]+)\\s+(\\S+)\\s+(\\S+)(?:\\s+\\((.*)\\))?\\s*");
    /** The header {@code Id Refs Address Size Name}. */
    private static final Pattern FILE_HEADER = Pattern.compile("\\s*Id\\s+Refs\\s+Address\\s+Size\\s+Name\\s*");
    /** {@code -v}: the line that opens the list of modules in a file. */
    private static final Pattern CONTAINS = Pattern.compile("\\s*Contains modules:\\s*");
    /** {@code -v}: the header of that list. */
    private static final Pattern MODULE_HEADER = Pattern.compile("\\s*Id\\s+Name\\s*");
    /** {@code -v}: one module, {@code "\t\t  2 zfs"}; with {@code -d} followed by {@code (int, uint, 0xulong)}. */
    private static final Pattern MODULE_LINE = Pattern.compile("\\s+(\\d+)\\s+(\\S+)(?:\\s+\\(.*\\))?\\s*");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

    private FreeBsdOutput() {
    }

    /**
     * The loaded kernel modules named in the output of {@code kldstat} or {@code kldstat -v}: each kld file's name
     * without {@code .ko} ({@code zfs}, {@code pf}, {@code linux64}) and, with {@code -v}, every module the files
     * contain, including those compiled into the kernel itself ({@code linux64elf}, {@code pflog}). The kernel file is
     * not itself listed.
     *
     * @return the names in the order they appear
     * @throws XcException {@link ErrorCode#MALFORMED_CONTENT} naming the first line that is neither a header, a file
     *         line nor a module line
     */
    public static Set<String> parseKldstat(String output) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        boolean inModules = false;
        int lineNo = 0;
        for (String line : output.split("\r?\n", -1)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Matcher file = FILE_LINE.matcher(line);
            Matcher module = MODULE_LINE.matcher(line);
            if (FILE_HEADER.matcher(line).matches()) {
                inModules = false;
            } else if (file.matches()) {
                inModules = false;
                String name = file.group(5);
                if (name.endsWith(".ko")) {
                    name = name.substring(0, name.length() - 3);
                }
                if (!name.equals("kernel")) {
                    names.add(name);
                }
            } else if (CONTAINS.matcher(line).matches()) {
                inModules = true;
            } else if (inModules && MODULE_HEADER.matcher(line).matches()) {
                // column titles of the module list
            } else if (inModules && module.matches()) {
                names.add(module.group(2));
            } else {
                throw malformed("kldstat", lineNo, line);
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * The value of {@code sysctl -n kern.osreldate}: a positive decimal number such as {@code 1401000}, followed by a
     * newline.
     *
     * @throws XcException {@link ErrorCode#MALFORMED_CONTENT} for anything else
     */
    public static int parseOsreldate(String output) {
        String value = output.strip();
        if (!DIGITS.matcher(value).matches() || Integer.parseInt(value) == 0) {
            throw XcException.of(ErrorCode.MALFORMED_CONTENT,
                    "unexpected output from 'sysctl -n kern.osreldate': '" + value + "'",
                    "expected a number such as 1401000; check what 'sysctl -n kern.osreldate' prints on this host");
        }
        return Integer.parseInt(value);
    }

    /**
     * The value of a {@code kern.features.*} sysctl ({@code sysctl -n kern.features.vimage}): {@code 1} when the
     * kernel has the feature, {@code 0} when it does not.
     *
     * @throws XcException {@link ErrorCode#MALFORMED_CONTENT} for anything else
     */
    public static boolean parseFeature(String name, String output) {
        return switch (output.strip()) {
            case "1" -> true;
            case "0" -> false;
            default -> throw XcException.of(ErrorCode.MALFORMED_CONTENT,
                    "unexpected output from 'sysctl -n " + name + "': '" + output.strip() + "'",
                    "expected 0 or 1; check what 'sysctl -n " + name + "' prints on this host");
        };
    }

    private static XcException malformed(String tool, int lineNo, String line) {
        return XcException.of(ErrorCode.MALFORMED_CONTENT,
                "unexpected line " + lineNo + " in the output of '" + tool + "': '" + line.strip() + "'",
                "this FreeBSD release prints something xc does not know; report it with the full output of '"
                        + tool + " -v'");
    }
}
