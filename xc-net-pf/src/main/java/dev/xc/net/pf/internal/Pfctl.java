package dev.xc.net.pf.internal;

import dev.xc.api.spi.Command;

import java.util.ArrayList;
import java.util.List;

/**
 * The pfctl(8) command lines the backend runs, one factory per use (freebsd-facts.md 4.1, 12):
 * <pre>
 * pfctl -s Running                                 exit 0 and "Enabled" when pf is enabled, 1 and "Disabled" if not
 * pfctl -t xc:network:NAME -T add ADDR...          creates the table (persist) when missing
 * pfctl -t xc:network:NAME -T delete ADDR...       exit 255 "pfctl: Table does not exist." when missing
 * pfctl -t xc:network:NAME -T show                 one address a line, three leading spaces
 * pfctl -a xc-rdr -f -                             the anchor's rules on stdin, loaded as one transaction
 * </pre>
 * The original xc wrote {@code -f-}; getopt reads both the same, and {@code -f -} is the form facts.md documents.
 *
 * @param path the pfctl executable
 */
record Pfctl(String path) {

    Command running() {
        return Command.of(path, "-s", "Running");
    }

    Command tableAdd(String table, List<String> addresses) {
        return table(table, "add", addresses);
    }

    Command tableDelete(String table, List<String> addresses) {
        return table(table, "delete", addresses);
    }

    Command tableShow(String table) {
        return table(table, "show", List.of());
    }

    Command loadAnchor(String anchor, String rules) {
        return Command.of(path, "-a", anchor, "-f", "-").withStdin(rules);
    }

    private Command table(String table, String cmd, List<String> addresses) {
        List<String> argv = new ArrayList<>(List.of(path, "-t", table, "-T", cmd));
        argv.addAll(addresses);
        return Command.of(argv);
    }
}
