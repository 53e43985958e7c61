package dev.xc.cli.internal;

import picocli.CommandLine.Option;

/**
 * {@code --json} of the commands that print JSON anyway ({@code show}, the {@code inspect}s): accepted so that a
 * script can pass it to every command, and it makes an error JSON on standard output as well.
 */
final class JsonAlways {

    @Option(names = "--json", description = {"Print JSON (the default for this command); errors are printed as",
            "JSON on standard output too."})
    boolean json;
}
