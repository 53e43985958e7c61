package dev.xc.cli.internal;

import dev.xc.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shell completion, the exit statuses in the help, {@code --json} on every listing, and the start-up training. */
class CliPolishTest {

    @TempDir
    Path tmp;

    record Out(int exit, String out, String err) {
    }

    private Out xc(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int rc = XcCommand.commandLine(new PrintWriter(o), new PrintWriter(e), Map.of("HOME", tmp.toString()))
                .execute(args);
        return new Out(rc, o.toString(), e.toString());
    }

    private static CommandLine tree() {
        StringWriter sink = new StringWriter();
        return XcCommand.commandLine(new PrintWriter(sink), new PrintWriter(sink), Map.of());
    }

    @Test
    void bashCompletionNamesEverySubcommandAndTheirOptions() {
        Out r = xc("completion", "bash");
        assertEquals(0, r.exit(), r.err());
        String script = r.out();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.lines().findFirst().orElse(""));
        assertTrue(script.contains("complete -F _complete_xc"), "the script registers a completion function for xc");
        List<String> missing = new ArrayList<>();
        CommandLine root = tree();
        for (var sub : root.getSubcommands().entrySet()) {
            if (!script.contains(sub.getKey())) {
                missing.add(sub.getKey());
            }
            for (String nested : sub.getValue().getSubcommands().keySet()) {
                if (!script.contains("\"" + nested + "\"") && !script.contains(" " + nested)) {
                    missing.add(sub.getKey() + " " + nested);
                }
            }
        }
        assertEquals(List.of(), missing, "subcommands absent from the completion script");
        for (String word : List.of("ps", "images", "network", "completion", "--embedded", "--socket-path", "--json")) {
            assertTrue(script.contains(word), word);
        }
        // the default shell is bash, and zsh reads the same script
        assertEquals(script, xc("completion").out());
        assertEquals(script, xc("completion", "zsh").out());
    }

    @Test
    void everyDescriptionLineOfEveryCommandIsPrintedWhole() {
        List<String> broken = new ArrayList<>();
        List<CommandLine> todo = new ArrayList<>(List.of(tree()));
        int commands = 0;
        while (!todo.isEmpty()) {
            CommandLine c = todo.removeLast();
            commands++;
            todo.addAll(c.getSubcommands().values());
            String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            // a line that fits is printed as written; a longer one is a paragraph that picocli wraps
            for (String written : c.getCommandSpec().usageMessage().description()) {
                for (String line : written.split("%n")) {
                    if (line.length() <= XcCommand.HELP_WIDTH && !help.contains(line.strip())) {
                        broken.add(c.getCommandSpec().qualifiedName() + ": " + line);
                    }
                }
            }
            for (String line : help.lines().toList()) {
                if (line.length() > XcCommand.HELP_WIDTH) {
                    broken.add(c.getCommandSpec().qualifiedName() + " (too wide): " + line);
                }
            }
        }
        assertTrue(commands > 40, "walked " + commands + " commands");
        assertEquals(List.of(), broken, "description lines broken or too wide in the help");
    }

    @Test
    void anUnknownShellIsRefusedNamingIt() {
        Out r = xc("completion", "fish");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("xc: no completion script for shell 'fish'; known: bash, zsh"), r.err());
        assertTrue(r.err().contains("hint: use xc completion bash"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void theHelpListsEveryExitStatusWithItsErrorCodes() {
        Out r = xc("--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Exit status:"), r.out());
        String flat = r.out().replaceAll("\\s+", " ");
        assertTrue(flat.contains(" 0 success "), flat);
        assertTrue(flat.contains(" 1 unexpected failure"), flat);
        for (ErrorCode.Category c : ErrorCode.Category.values()) {
            assertTrue(flat.contains(" " + c.exitCode() + " "), c + " in " + flat);
        }
        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(flat.contains(code.id()), code.id() + " is not listed: " + flat);
        }
        // each code appears after its own status and before the next one
        int notFound = flat.indexOf(" 3 not found");
        int conflict = flat.indexOf(" 4 conflict");
        int at = flat.indexOf("container-not-found");
        assertTrue(notFound > 0 && notFound < at && at < conflict, flat);
        assertTrue(flat.contains("source <(xc completion bash)"), flat);
    }

    @Test
    void theListedStatusIsTheOneReturned() {
        Out r = xc("show", "nosuch", "--embedded", "--state-dir", tmp.resolve("s").toString());
        assertEquals(ErrorCode.CONTAINER_NOT_FOUND.category().exitCode(), r.exit(), r.err());
        assertEquals(3, r.exit());
    }

    @Test
    void everyListingAndInspectCommandTakesJson() {
        CommandLine root = tree();
        List<List<String>> commands = List.of(List.of("ps"), List.of("images"), List.of("image", "list"),
                List.of("image", "inspect"), List.of("network", "list"), List.of("network", "inspect"),
                List.of("show"), List.of("info"));
        List<String> without = new ArrayList<>();
        for (List<String> path : commands) {
            CommandLine c = root;
            for (String p : path) {
                c = c.getSubcommands().get(p);
            }
            if (c.getCommandSpec().findOption("--json") == null) {
                without.add(String.join(" ", path));
            }
        }
        assertEquals(List.of(), without, "commands without --json");
    }

    @Test
    void jsonOnInspectCommandsPrintsErrorsAsJson() {
        String state = tmp.resolve("s").toString();
        for (List<String> args : List.of(List.of("show", "nosuch"), List.of("network", "inspect", "nosuch"),
                List.of("image", "inspect", "nosuch:1"))) {
            List<String> argv = new ArrayList<>(args);
            argv.addAll(List.of("--json", "--embedded", "--state-dir", state));
            Out r = xc(argv.toArray(String[]::new));
            assertEquals(3, r.exit(), args + ": " + r.out() + r.err());
            assertTrue(r.out().contains("\"code\" : \""), args + ": " + r.out());
            assertTrue(r.out().contains("-not-found\""), args + ": " + r.out());
            assertEquals("", r.err(), args.toString());
        }
    }

    @Test
    void trainingSplitsCommandLinesAtNext() {
        assertEquals(List.of(List.of("--help"), List.of("ps", "-s", "/x y"), List.of("info")),
                StartupTraining.split(List.of("--next", "--help", "--next", "ps", "-s", "/x y", "--next", "--next",
                        "info")));
        assertEquals(List.of(), StartupTraining.split(List.of()));
    }
}
